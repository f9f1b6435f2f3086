const DISPLAY_NAMES: Record<string, string> = {
  loss: 'loss',
  acc: 'accuracy',
  accuracy: 'accuracy',
  mae: 'MAE',
  mse: 'MSE',
  rmse: 'RMSE',
  binary_accuracy: 'binary accuracy',
  categorical_accuracy: 'categorical accuracy',
  sparse_categorical_accuracy: 'sparse categorical accuracy',
};

/** How a metric key reads in titles and legends: "acc" → "accuracy", "mae" → "MAE". */
export function metricDisplayName(key: string): string {
  const bare = key.startsWith('val_') ? key.slice(4) : key;
  return DISPLAY_NAMES[bare] ?? bare.replace(/_/g, ' ');
}

/** Upper-cases the first letter, for axis labels. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
