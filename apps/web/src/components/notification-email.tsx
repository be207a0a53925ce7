import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { formFieldErrors } from '../api/errors';
import { ErrorAlert } from './states';

const usePreferences = () => useQuery({
  queryKey: ['account-preferences'],
  queryFn: () => unwrap(api.GET('/api/v1/account/preferences')),
});

/**
 * The header's "notification e-mail": where a signed-in person's messages are also e-mailed. Opens a small dialog
 * that shows the address, saves a new one, or removes it (an empty field saved removes it too). The server's
 * answer about the field is shown under it. Shown only where the system sends e-mail, or where an address is left
 * from when it did (to remove it): elsewhere it could only lead to a refusal.
 */
export function NotificationEmailButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const preferences = usePreferences();
  if (!preferences.data?.emailAvailable && !preferences.data?.email) return null;
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('account.email')}
      </Button>
      {open && <NotificationEmailDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function NotificationEmailDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ email: string }>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const preferences = usePreferences();
  const current = preferences.data?.email ?? null;

  const save = async (email: string | null) => {
    setSaving(true);
    setError(null);
    try {
      const saved = await unwrap(api.PATCH('/api/v1/account/preferences', { body: { email } }));
      client.setQueryData(['account-preferences'], saved);
      void message.success(t(email ? 'account.emailSaved' : 'account.emailRemoved'));
      onClose();
    } catch (e) {
      // A refusal that names the field goes under it; anything else above the form.
      const errors = e instanceof ApiError && e.code === 'email-not-configured'
        ? [t('error.code.email-not-configured')]
        // The only thing the API checks of an address is that it is one: said in the reader's language.
        : formFieldErrors(t, e).some((f) => f.name.join('.') === 'email') ? [t('account.emailInvalid')] : [];
      if (errors.length) form.setFields([{ name: 'email', errors }]);
      else setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('account.emailTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          {current && (
            <Button danger disabled={saving} onClick={() => void save(null)} style={{ float: 'left' }}>
              {t('account.emailRemove')}
            </Button>
          )}
          <CancelBtn />
          <OkBtn />
        </>
      )}
    >
      <ErrorAlert error={error ?? preferences.error} />
      <Typography.Paragraph type="secondary">{t('account.emailHelp')}</Typography.Paragraph>
      {preferences.isSuccess && (
        <Form form={form} layout="vertical" initialValues={{ email: current ?? '' }} onFinish={(v) => void save(v.email.trim() || null)}>
          <Form.Item name="email" label={t('field.email')}>
            <Input type="email" autoComplete="email" placeholder={t('account.emailPlaceholder')} maxLength={254} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
