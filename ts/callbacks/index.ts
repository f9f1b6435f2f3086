export { Callback, type Logs, type TrainingParams } from './callback';
export { History } from './history';
export { EarlyStopping, earlyStopping, type EarlyStoppingArgs } from './early_stopping';
export { ReduceLROnPlateau, reduceLROnPlateau, type ReduceLROnPlateauArgs } from './reduce_lr_on_plateau';
export { TerminateOnNaN, terminateOnNaN, type TerminateOnNaNArgs } from './terminate_on_nan';
export { CSVLogger, csvLogger, type CSVLoggerArgs } from './csv_logger';
export { LearningRateScheduler, learningRateScheduler, type Schedule } from './learning_rate_scheduler';
export { LambdaCallback, lambdaCallback, type LambdaCallbackArgs } from './lambda_callback';
export type { MonitorMode } from './monitor';
