import { Route, Routes } from 'react-router';
import { BudgetsPage } from './budgets';
import { CalendarPage } from './calendar';
import { DashboardPage } from './dashboard';
import { DisbursementsPage } from './disbursements';
import { EmailDeliveriesPage } from './email-deliveries';
import { ImportsPage } from './imports';
import { ProgramsPage } from './programs';
import { WebhooksPage } from './webhooks';

/** Administrators' pages (one chunk, with ECharts): the SLA dashboard and the bureau's settings. */
export default function AdminPages() {
  return (
    <Routes>
      <Route index element={<DashboardPage />} />
      <Route path="budgets" element={<BudgetsPage />} />
      <Route path="programs" element={<ProgramsPage />} />
      <Route path="calendar" element={<CalendarPage />} />
      <Route path="imports" element={<ImportsPage />} />
      <Route path="disbursements" element={<DisbursementsPage />} />
      <Route path="webhooks" element={<WebhooksPage />} />
      <Route path="email-deliveries" element={<EmailDeliveriesPage />} />
    </Routes>
  );
}
