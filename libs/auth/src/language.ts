export type Language = 'zh-CN' | 'en';

/** The language of a message for a client: English when Accept-Language prefers it, Chinese otherwise. */
export function preferredLanguage(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
      return { tag, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith('en')) return 'en';
    if (tag.startsWith('zh')) return 'zh-CN';
  }
  return 'zh-CN';
}

/** "Too many …; try again in N seconds", in the client's language. */
export function retryMessage(kind: 'login' | 'requests' | 'uploads', seconds: number, language: Language): string {
  if (language === 'en') {
    const what = { login: 'Too many login attempts', requests: 'Too many requests', uploads: 'Too many uploads' }[kind];
    return `${what}; try again in ${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const what = { login: '登录尝试次数过多', requests: '请求过于频繁', uploads: '上传过于频繁' }[kind];
  return `${what}，请在 ${seconds} 秒后重试`;
}
