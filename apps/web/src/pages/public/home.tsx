import { Button, Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function HomePage() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28 }}>{t('app.title')}</Typography.Title>
      <Typography.Paragraph>{t('home.lead')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('home.forEnterprise')}</h2>}>
            <Typography.Paragraph>{t('home.calculatorHint')}</Typography.Paragraph>
            <Link to="/calculator"><Button>{t('nav.calculator')}</Button></Link>{' '}
            <Link to="/register"><Button>{t('nav.register')}</Button></Link>{' '}
            <Link to="/activate"><Button>{t('nav.activate')}</Button></Link>{' '}
            <Link to="/login"><Button type="primary">{t('nav.login')}</Button></Link>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('home.forStaff')}</h2>}>
            <Typography.Paragraph>{t('home.noticesHint')}</Typography.Paragraph>
            <Link to="/notices"><Button>{t('nav.notices')}</Button></Link>{' '}
            <Link to="/login"><Button type="primary">{t('nav.login')}</Button></Link>
          </Card>
        </Col>
      </Row>
    </>
  );
}
