import { SetMetadata } from '@nestjs/common';
import { JobName } from '@app/contracts';

export const ON_JOB = Symbol('ON_JOB');

/** Marks the method that handles a job. Discovery fails the boot when a consumed job has none or two. */
export const OnJob = (name: JobName): MethodDecorator => SetMetadata(ON_JOB, name);
