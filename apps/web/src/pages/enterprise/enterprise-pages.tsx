import { Route, Routes } from 'react-router';
import { ApplyPage } from './apply';
import { CasePage } from './case-page';
import { CasesPage } from './cases';
import { InboxPage } from './inbox';

/** The enterprise's pages (one chunk): its cases, the application form, a case, the inbox. */
export default function EnterprisePages() {
  return (
    <Routes>
      <Route index element={<CasesPage />} />
      <Route path="apply" element={<ApplyPage />} />
      <Route path="cases/:id" element={<CasePage />} />
      <Route path="inbox" element={<InboxPage />} />
    </Routes>
  );
}
