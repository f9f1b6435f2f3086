export { Callback, type Logs, type TrainingParams } from './callback';
export { History } from './history';
