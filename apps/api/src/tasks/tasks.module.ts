import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TaskQueue } from './task-queue';
import { DecideTask } from './decide-task';
import { BatchApproveTasks } from './batch-approve-tasks';

/** Review tasks: the queue, claims, decisions and batch approval. */
@Module({
  controllers: [TasksController],
  providers: [TaskQueue, DecideTask, BatchApproveTasks],
})
export class TasksModule {}
