import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { buttonStyle, LandingContent } from '../../landing';

/** `/` inside the application (a navigation from another page): the landing page's content in the application's frame. */
export function HomePage() {
  const { t } = useTranslation();
  return <LandingContent t={t} link={(to, label, primary) => <Link to={to} style={buttonStyle(primary)}>{label}</Link>} />;
}
