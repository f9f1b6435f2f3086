export { Layer, type LayerArgs } from './layer';
export { Dense, dense, type DenseArgs } from './dense';
export { Activation, activation, type ActivationArgs } from './activation';
export { ACTIVATIONS, type ActivationName } from './activations';
export { INITIALIZERS, type InitializerName } from './initializers';
