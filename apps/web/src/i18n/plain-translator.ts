import type { Translate } from '../components/trace-messages';

/**
 * i18next's interpolation without i18next, enough for the messages: nested keys, {{name}} and defaultValue. The
 * specs render messages with it in node (the i18next instance of i18n.ts needs a browser).
 */
export function plainTranslator(messages: object): Translate {
  return (key, options = {}) => {
    const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
    const text = typeof found === 'string' ? found : String(options.defaultValue ?? key);
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name] ?? `{{${name}}}`));
  };
}
