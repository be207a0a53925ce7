import { Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/states';
import { homeOf } from '../../roles';
import { useLogin } from '../../session';

export function LoginPage() {
  const { t } = useTranslation();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Card style={{ maxWidth: 420, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>{t('auth.loginTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('auth.staffOrEnterprise')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form
        layout="vertical"
        onFinish={async (v: { username: string; password: string; totp?: string }) => {
          setBusy(true);
          setError(null);
          try {
            const me = await login(v.username.trim(), v.password, v.totp?.trim() || undefined);
            const next = params.get('next');
            navigate(next && next.startsWith('/') ? next : homeOf(me));
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="username" label={t('field.username')} rules={[{ required: true, message: `${t('field.username')}${t('error.fieldMessage.required')}` }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('field.password')} rules={[{ required: true, message: `${t('field.password')}${t('error.fieldMessage.required')}` }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        {/* Staff who hold money and keys give the code of their authenticator app too; others leave it empty. */}
        <Form.Item name="totp" label={t('field.totp')} rules={[{ pattern: /^\d{6}$/, message: t('field.totp') }]}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('nav.login')}
        </Button>
      </Form>
    </Card>
  );
}
