/** Learning curves as SVG (any host) or PNG (Node): training history and cross-validation. */
export { plotHistory, type PlotHistoryOptions, type HistoryLike } from './plot_history';
export { plotCrossValidation, type PlotCrossValidationOptions, type CrossValidationCurves } from './plot_cross_validation';
export { smoothCurve } from './smooth_curve';
export { svgToPng } from './svg_to_png';
