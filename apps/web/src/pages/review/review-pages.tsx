import { Route, Routes } from 'react-router';
import { DirectorPage } from './director';
import { ExpertsPage } from './experts';
import { ObjectionsPage } from './objections';
import { QueuePage } from './queue';
import { TaskPage } from './task-page';

/** The reviewers' workbench (one chunk): queue, a task's case, expert scoring, objections, the director's desk. */
export default function ReviewPages() {
  return (
    <Routes>
      <Route index element={<QueuePage />} />
      <Route path="tasks/:id" element={<TaskPage />} />
      <Route path="experts" element={<ExpertsPage />} />
      <Route path="objections" element={<ObjectionsPage />} />
      <Route path="director" element={<DirectorPage />} />
    </Routes>
  );
}
