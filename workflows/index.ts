// Every workflow type the worker registers; the bundle is built from this file.
export { supervisedItemWorkflow } from './supervision/item-workflow';
export { difficultyWorkflow } from './difficulty/difficulty-workflow';
export { calendarRecomputeWorkflow } from './calendar/recompute-workflow';
export { jointMeetingWorkflow } from './meeting/meeting-workflow';
export { measureTaskWorkflow } from './measure/measure-task-workflow';
export { recognitionWorkflow } from './recognition/recognition-workflow';
export { subsidyApplicationWorkflow } from './subsidy/subsidy-workflow';
export { listingWorkflow } from './listing/listing-workflow';
