export {
  followJob,
  jobAtWork,
  type JobKind,
  jobOf,
  type JobResult,
  jobsOf,
  type JobStep,
  jobToResume,
  type JobView,
  PLANNED_JOB_STEPS,
  startJob,
} from "./jobs";
