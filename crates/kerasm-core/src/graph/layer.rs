//! A layer of the ModelSpec, validated: its kind and configuration (`Layer::from_spec`), and
//! what one call of it on tensors of given shapes becomes (`Layer::call`): an op, the output
//! shape, and the weights the call needs, with their initializers and regularizers.

use crate::activation::Activation;
use crate::error::{format_shape, Error};
use crate::graph::batch_norm::BatchNorm;
use crate::graph::dense::Dense;
use crate::graph::dropout::Dropout;
use crate::graph::embedding::Embedding;
use crate::graph::gamma_beta::GammaBeta;
use crate::graph::layer_norm::LayerNorm;
use crate::graph::op::Op;
use crate::initializer::Initializer;
use crate::regularizer::Regularizer;
use crate::spec::model::{
    ActivationConfig, AddConfig, Axes, BatchNormalizationConfig, ConcatenateConfig, DenseConfig,
    DropoutConfig, EmbeddingConfig, FlattenConfig, GammaBetaConfig, LayerNormalizationConfig,
    ReshapeConfig,
};
use crate::spec::{self, LayerSpec, RegularizerSpec};

/// The layer kinds, as the ModelSpec names them.
pub const LAYER_KINDS: &[&str] = &[
    "dense",
    "activation",
    "dropout",
    "flatten",
    "reshape",
    "batch_normalization",
    "layer_normalization",
    "embedding",
    "concatenate",
    "add",
];

/// A layer's validated configuration.
#[derive(Debug, Clone)]
pub(super) enum LayerKind {
    Dense {
        units: usize,
        activation: Activation,
        use_bias: bool,
        kernel: WeightSetup,
        bias: WeightSetup,
    },
    Activation(Activation),
    Dropout {
        rate: f32,
        /// From the config; otherwise the graph derives one from the model seed.
        seed: Option<u64>,
    },
    Flatten,
    Reshape {
        target_shape: Vec<i64>,
    },
    BatchNormalization {
        axis: i64,
        momentum: f32,
        epsilon: f32,
        gamma_beta: GammaBetaSetup,
        moving_mean: Initializer,
        moving_variance: Initializer,
    },
    LayerNormalization {
        axes: Vec<i64>,
        epsilon: f32,
        gamma_beta: GammaBetaSetup,
    },
    Embedding {
        input_dim: usize,
        output_dim: usize,
        embeddings: WeightSetup,
    },
    Concatenate {
        axis: i64,
    },
    Add,
}

/// A normalization's γ and β: which it has, and how each starts.
#[derive(Debug, Clone, Copy)]
pub(super) struct GammaBetaSetup {
    center: bool,
    scale: bool,
    gamma: WeightSetup,
    beta: WeightSetup,
}

impl GammaBetaSetup {
    /// Validates the γ/β arguments; `at` names a config field in errors.
    fn from_config(config: GammaBetaConfig, at: &dyn Fn(&str) -> String) -> Result<Self, Error> {
        Ok(GammaBetaSetup {
            center: config.center,
            scale: config.scale,
            gamma: WeightSetup::from_config(
                &config.gamma_initializer,
                config.gamma_regularizer,
                "gamma",
                at,
            )?,
            beta: WeightSetup::from_config(
                &config.beta_initializer,
                config.beta_regularizer,
                "beta",
                at,
            )?,
        })
    }

    fn affine(&self, width: usize) -> GammaBeta {
        GammaBeta {
            width,
            center: self.center,
            scale: self.scale,
        }
    }
}

/// How a weight starts, and the penalty on it.
#[derive(Debug, Clone, Copy)]
pub(super) struct WeightSetup {
    pub initializer: Initializer,
    pub regularizer: Option<Regularizer>,
}

/// A validated layer.
#[derive(Debug, Clone)]
pub(super) struct Layer {
    pub name: String,
    /// Its position in the ModelSpec, for errors about its configuration.
    pub index: usize,
    pub kind: LayerKind,
    /// Keras's `activity_regularizer`, which every layer accepts: a penalty on each output.
    pub activity_regularizer: Option<Regularizer>,
}

/// One weight a call needs.
#[derive(Debug, Clone)]
pub(super) struct PlannedWeight {
    pub suffix: &'static str,
    pub shape: Vec<usize>,
    pub trainable: bool,
    pub setup: WeightSetup,
}

/// What a call of a layer becomes.
#[derive(Debug, Clone)]
pub(super) struct Call {
    pub op: Op,
    /// Per-sample output shape.
    pub shape: Vec<usize>,
    /// Rows of the op's `[rows × width]` view per sample.
    pub rows_per_sample: usize,
    /// Trainable weights in `op.weights()` order, then the others in `op.state_weights()` order.
    pub weights: Vec<PlannedWeight>,
}

impl WeightSetup {
    /// Reads `<weight>_initializer` and `<weight>_regularizer`; `at` names a config field.
    fn from_config(
        initializer: &str,
        regularizer: Option<RegularizerSpec>,
        weight: &str,
        at: &dyn Fn(&str) -> String,
    ) -> Result<WeightSetup, Error> {
        Ok(WeightSetup {
            initializer: Initializer::from_name(
                initializer,
                &at(&format!("config.{weight}_initializer")),
            )?,
            regularizer: Regularizer::from_spec(
                regularizer,
                &at(&format!("config.{weight}_regularizer")),
            )?,
        })
    }
}

impl Layer {
    /// Validates `spec` (layer `index` of the ModelSpec).
    pub(super) fn from_spec(spec: &LayerSpec, index: usize) -> Result<Layer, Error> {
        let at = |field: &str| format!("layers[{index}].{field}");
        // A missing config reads as `{}`, so the error names the missing field.
        let mut config = match &spec.config {
            serde_json::Value::Null => serde_json::Map::new(),
            serde_json::Value::Object(fields) => fields.clone(),
            other => {
                return Err(Error::invalid(
                    at("config"),
                    "an object of the layer's arguments",
                    other,
                ))
            }
        };
        let activity = match config.remove("activity_regularizer") {
            None | Some(serde_json::Value::Null) => None,
            Some(value) => {
                let field = at("config.activity_regularizer");
                let parsed: RegularizerSpec = spec::from_value(value, &field)?;
                Regularizer::from_spec(Some(parsed), &field)?
            }
        };
        let config = serde_json::Value::Object(config);
        let kind = LayerKind::from_config(&spec.kind, config, &at)?;
        Ok(Layer {
            name: spec.name.clone(),
            index,
            kind,
            activity_regularizer: activity,
        })
    }

    /// The op, output shape and weights of a call on inputs of per-sample `shapes`; `at`
    /// names the node in errors.
    pub(super) fn call(&self, shapes: &[&[usize]], at: &str) -> Result<Call, Error> {
        let inputs_field = format!("{at}.inputs");
        let single = || -> Result<&[usize], Error> {
            match shapes {
                [shape] => Ok(shape),
                _ => Err(Error::invalid(
                    &inputs_field,
                    format!("exactly one input for the '{}' layer", self.name),
                    format!("{} inputs", shapes.len()),
                )),
            }
        };
        let same_shape = |shape: &[usize], op: Op| Call {
            rows_per_sample: rows_before_last(shape),
            shape: shape.to_vec(),
            op,
            weights: Vec::new(),
        };
        match &self.kind {
            LayerKind::Dense {
                units,
                activation,
                use_bias,
                kernel,
                bias,
            } => {
                let shape = single()?;
                let dense = Dense {
                    in_features: last(shape),
                    units: *units,
                    activation: *activation,
                    use_bias: *use_bias,
                };
                let mut out = shape.to_vec();
                if let Some(axis) = out.last_mut() {
                    *axis = *units;
                }
                let op = Op::Dense(dense);
                let weights = planned(&op, |suffix| if suffix == "bias" { *bias } else { *kernel });
                Ok(Call {
                    rows_per_sample: rows_before_last(shape),
                    shape: out,
                    op,
                    weights,
                })
            }
            LayerKind::Activation(activation) => {
                let shape = single()?;
                let op = Op::Activation {
                    activation: *activation,
                    width: last(shape),
                };
                Ok(same_shape(shape, op))
            }
            LayerKind::Dropout { rate, .. } => {
                let shape = single()?;
                let op = Op::Dropout(Dropout {
                    rate: *rate,
                    width: last(shape),
                });
                Ok(same_shape(shape, op))
            }
            LayerKind::Flatten => {
                let size = single()?.iter().product();
                Ok(Call {
                    op: Op::Reshape { size },
                    shape: vec![size],
                    rows_per_sample: 1,
                    weights: Vec::new(),
                })
            }
            LayerKind::Reshape { target_shape } => {
                let shape = single()?;
                let target = resolve_target_shape(target_shape, shape, &inputs_field)?;
                Ok(Call {
                    op: Op::Reshape {
                        size: shape.iter().product(),
                    },
                    shape: target,
                    rows_per_sample: 1,
                    weights: Vec::new(),
                })
            }
            LayerKind::BatchNormalization {
                axis,
                momentum,
                epsilon,
                gamma_beta,
                moving_mean,
                moving_variance,
            } => {
                let shape = single()?;
                check_last_axis(*axis, shape, &self.name, &self.config_field("axis"))?;
                let op = Op::BatchNormalization(BatchNorm {
                    affine: gamma_beta.affine(last(shape)),
                    epsilon: *epsilon,
                    momentum: *momentum,
                });
                let weights = planned(&op, |suffix| match suffix {
                    "gamma" => gamma_beta.gamma,
                    "beta" => gamma_beta.beta,
                    "moving_mean" => fixed(*moving_mean),
                    _ => fixed(*moving_variance),
                });
                Ok(Call {
                    weights,
                    ..same_shape(shape, op)
                })
            }
            LayerKind::LayerNormalization {
                axes,
                epsilon,
                gamma_beta,
            } => {
                let shape = single()?;
                for &axis in axes {
                    check_last_axis(axis, shape, &self.name, &self.config_field("axis"))?;
                }
                let op = Op::LayerNormalization(LayerNorm {
                    affine: gamma_beta.affine(last(shape)),
                    epsilon: *epsilon,
                });
                let weights = planned(&op, |suffix| match suffix {
                    "beta" => gamma_beta.beta,
                    _ => gamma_beta.gamma,
                });
                Ok(Call {
                    weights,
                    ..same_shape(shape, op)
                })
            }
            LayerKind::Embedding {
                input_dim,
                output_dim,
                embeddings,
            } => {
                let shape = single()?;
                let op = Op::Embedding(Embedding {
                    input_dim: *input_dim,
                    output_dim: *output_dim,
                });
                let mut out = shape.to_vec();
                out.push(*output_dim);
                let weights = planned(&op, |_| *embeddings);
                Ok(Call {
                    op,
                    shape: out,
                    rows_per_sample: shape.iter().product(),
                    weights,
                })
            }
            LayerKind::Concatenate { axis } => {
                concatenate(*axis, shapes, &self.name, at, &self.config_field("axis"))
            }
            LayerKind::Add => {
                let Some(&first) = shapes.first() else {
                    return Err(Error::invalid(
                        &inputs_field,
                        "at least one input for an 'add' layer",
                        "0 inputs",
                    ));
                };
                if let Some((i, other)) = shapes.iter().enumerate().find(|(_, s)| **s != first) {
                    return Err(Error::shape(
                        format!("{inputs_field}[{i}]"),
                        format!(
                            "inputs of one shape for the '{}' layer (inputs[0] is {})",
                            self.name,
                            format_shape(first)
                        ),
                        format_shape(other),
                    ));
                }
                Ok(Call {
                    op: Op::Add {
                        width: first.iter().product(),
                        inputs: shapes.len(),
                    },
                    shape: first.to_vec(),
                    rows_per_sample: 1,
                    weights: Vec::new(),
                })
            }
        }
    }

    /// How errors name a field of the layer's config.
    fn config_field(&self, field: &str) -> String {
        format!("layers[{}].config.{field}", self.index)
    }

    /// The dropout seed from the config, if the layer is a dropout layer that has one.
    pub(super) fn configured_seed(&self) -> Option<u64> {
        match self.kind {
            LayerKind::Dropout { seed, .. } => seed,
            _ => None,
        }
    }
}

impl LayerKind {
    fn from_config(
        kind: &str,
        config: serde_json::Value,
        at: &dyn Fn(&str) -> String,
    ) -> Result<LayerKind, Error> {
        let field = at("config");
        Ok(match kind {
            "dense" => {
                let c: DenseConfig = spec::from_value(config, &field)?;
                positive(c.units, &at("config.units"))?;
                LayerKind::Dense {
                    units: c.units,
                    activation: match &c.activation {
                        Some(name) => Activation::from_name(name, &at("config.activation"))?,
                        None => Activation::Linear,
                    },
                    use_bias: c.use_bias,
                    kernel: WeightSetup::from_config(
                        &c.kernel_initializer,
                        c.kernel_regularizer,
                        "kernel",
                        at,
                    )?,
                    bias: WeightSetup::from_config(
                        &c.bias_initializer,
                        c.bias_regularizer,
                        "bias",
                        at,
                    )?,
                }
            }
            "activation" => {
                let c: ActivationConfig = spec::from_value(config, &field)?;
                LayerKind::Activation(Activation::from_name(
                    &c.activation,
                    &at("config.activation"),
                )?)
            }
            "dropout" => {
                let c: DropoutConfig = spec::from_value(config, &field)?;
                if !(0.0..=1.0).contains(&c.rate) {
                    return Err(Error::invalid(
                        at("config.rate"),
                        "a float value between 0 and 1",
                        c.rate,
                    ));
                }
                if let Some(noise_shape) = c.noise_shape {
                    return Err(Error::Unsupported {
                        argument: at("config.noise_shape"),
                        feature: "A dropout `noise_shape` (masks shared across axes)",
                        received: format!("{noise_shape:?}"),
                    });
                }
                LayerKind::Dropout {
                    rate: c.rate as f32,
                    seed: c.seed,
                }
            }
            "flatten" => {
                let FlattenConfig {} = spec::from_value(config, &field)?;
                LayerKind::Flatten
            }
            "reshape" => {
                let c: ReshapeConfig = spec::from_value(config, &field)?;
                let unknown = c.target_shape.iter().filter(|&&d| d == -1).count();
                if unknown > 1 || c.target_shape.iter().any(|&d| d == 0 || d < -1) {
                    return Err(Error::invalid(
                        at("config.target_shape"),
                        "positive sizes, with at most one -1 (inferred)",
                        format!("{:?}", c.target_shape),
                    ));
                }
                LayerKind::Reshape {
                    target_shape: c.target_shape,
                }
            }
            "batch_normalization" => {
                let c: BatchNormalizationConfig = spec::from_value(config, &field)?;
                check_epsilon(c.epsilon, &at("config.epsilon"))?;
                if !(c.momentum.is_finite()) {
                    return Err(Error::invalid(
                        at("config.momentum"),
                        "a finite float",
                        c.momentum,
                    ));
                }
                LayerKind::BatchNormalization {
                    axis: c.axis,
                    momentum: c.momentum as f32,
                    epsilon: c.epsilon as f32,
                    gamma_beta: GammaBetaSetup::from_config(c.gamma_beta, at)?,
                    moving_mean: Initializer::from_name(
                        &c.moving_mean_initializer,
                        &at("config.moving_mean_initializer"),
                    )?,
                    moving_variance: Initializer::from_name(
                        &c.moving_variance_initializer,
                        &at("config.moving_variance_initializer"),
                    )?,
                }
            }
            "layer_normalization" => {
                let c: LayerNormalizationConfig = spec::from_value(config, &field)?;
                check_epsilon(c.epsilon, &at("config.epsilon"))?;
                let axes = match c.axis {
                    Axes::One(axis) => vec![axis],
                    Axes::Many(axes) if !axes.is_empty() => axes,
                    Axes::Many(_) => {
                        return Err(Error::invalid(at("config.axis"), "at least one axis", "[]"))
                    }
                };
                LayerKind::LayerNormalization {
                    axes,
                    epsilon: c.epsilon as f32,
                    gamma_beta: GammaBetaSetup::from_config(c.gamma_beta, at)?,
                }
            }
            "embedding" => {
                let c: EmbeddingConfig = spec::from_value(config, &field)?;
                positive(c.input_dim, &at("config.input_dim"))?;
                positive(c.output_dim, &at("config.output_dim"))?;
                if c.mask_zero {
                    return Err(Error::Unsupported {
                        argument: at("config.mask_zero"),
                        feature: "Masking (`mask_zero=True`)",
                        received: "true".to_string(),
                    });
                }
                LayerKind::Embedding {
                    input_dim: c.input_dim,
                    output_dim: c.output_dim,
                    embeddings: WeightSetup::from_config(
                        &c.embeddings_initializer,
                        c.embeddings_regularizer,
                        "embeddings",
                        at,
                    )?,
                }
            }
            "concatenate" => {
                let c: ConcatenateConfig = spec::from_value(config, &field)?;
                LayerKind::Concatenate { axis: c.axis }
            }
            "add" => {
                let AddConfig {} = spec::from_value(config, &field)?;
                LayerKind::Add
            }
            other => return Err(Error::unknown(at("kind"), "layer kind", LAYER_KINDS, other)),
        })
    }
}

/// A weight that is never regularized (the moving statistics).
fn fixed(initializer: Initializer) -> WeightSetup {
    WeightSetup {
        initializer,
        regularizer: None,
    }
}

/// The weights of `op`, trainable then not, each set up by `setup(suffix)`.
fn planned(op: &Op, setup: impl Fn(&str) -> WeightSetup) -> Vec<PlannedWeight> {
    let trainable = op.weights().into_iter().map(|w| (w, true));
    let state = op.state_weights().into_iter().map(|w| (w, false));
    trainable
        .chain(state)
        .map(|((suffix, shape), trainable)| PlannedWeight {
            suffix,
            shape,
            trainable,
            setup: setup(suffix),
        })
        .collect()
}

fn last(shape: &[usize]) -> usize {
    shape.last().copied().unwrap_or(1)
}

fn rows_before_last(shape: &[usize]) -> usize {
    shape[..shape.len().saturating_sub(1)].iter().product()
}

fn positive(value: usize, argument: &str) -> Result<(), Error> {
    if value == 0 {
        Err(Error::invalid(argument, "a positive integer", 0))
    } else {
        Ok(())
    }
}

fn check_epsilon(epsilon: f64, argument: &str) -> Result<(), Error> {
    if epsilon.is_finite() && epsilon > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(argument, "a positive float", epsilon))
    }
}

/// Keras counts axes with the batch axis as 0; a per-sample shape of rank r has axes 1..=r,
/// and negative axes count from the end.
fn resolve_axis(axis: i64, shape: &[usize]) -> Option<usize> {
    let rank = shape.len() as i64 + 1;
    let resolved = if axis < 0 { axis + rank } else { axis };
    (1..rank).contains(&resolved).then_some(resolved as usize)
}

/// Normalization over other axes than the last one (channels-first images) is not built in;
/// `at` names the axis field.
fn check_last_axis(axis: i64, shape: &[usize], layer: &str, at: &str) -> Result<(), Error> {
    match resolve_axis(axis, shape) {
        Some(resolved) if resolved == shape.len() => Ok(()),
        Some(_) => Err(Error::Unsupported {
            argument: at.to_string(),
            feature: "Normalization over another axis than the last one",
            received: format!(
                "{axis} (for '{layer}' on inputs of shape {})",
                format_shape(shape)
            ),
        }),
        None => Err(Error::invalid(
            at,
            format!(
                "an axis of the input of '{layer}' (shape {}, with the batch axis first)",
                format_shape(shape)
            ),
            axis,
        )),
    }
}

/// Keras's `Reshape`: a `-1` takes whatever size keeps the number of values.
fn resolve_target_shape(target: &[i64], shape: &[usize], at: &str) -> Result<Vec<usize>, Error> {
    let size: usize = shape.iter().product();
    // Checked products: a huge target shape is a mismatch, not an overflow.
    let known = checked_product(target.iter().filter(|&&d| d != -1).map(|&d| d as usize));
    let resolved: Vec<usize> = target
        .iter()
        .map(|&d| {
            if d == -1 {
                known.map_or(0, |known| size / known.max(1))
            } else {
                d as usize
            }
        })
        .collect();
    if checked_product(resolved.iter().copied()) != Some(size) || resolved.contains(&0) {
        return Err(Error::shape(
            at,
            format!("inputs of {size} values per sample, which target_shape {target:?} must keep"),
            format_shape(shape),
        ));
    }
    Ok(resolved)
}

fn checked_product(dims: impl Iterator<Item = usize>) -> Option<usize> {
    let mut dims = dims;
    dims.try_fold(1usize, |acc, d| acc.checked_mul(d))
}

/// Keras's `Concatenate`: inputs of one rank, equal on every axis but `axis`.
fn concatenate(
    axis: i64,
    shapes: &[&[usize]],
    layer: &str,
    at: &str,
    axis_field: &str,
) -> Result<Call, Error> {
    let inputs_field = format!("{at}.inputs");
    let Some(&first) = shapes.first() else {
        return Err(Error::invalid(
            &inputs_field,
            "at least one input for a 'concatenate' layer",
            "0 inputs",
        ));
    };
    let Some(axis_index) = resolve_axis(axis, first) else {
        return Err(Error::invalid(
            axis_field,
            format!(
                "a non-batch axis of the inputs of '{layer}' (shape {})",
                format_shape(first)
            ),
            axis,
        ));
    };
    // The per-sample index of the axis.
    let k = axis_index - 1;
    for (i, shape) in shapes.iter().enumerate() {
        let matches = shape.len() == first.len()
            && shape
                .iter()
                .zip(first)
                .enumerate()
                .all(|(d, (a, b))| d == k || a == b);
        if !matches {
            return Err(Error::shape(
                format!("{inputs_field}[{i}]"),
                format!(
                    "inputs of '{layer}' that match {} on every axis but axis {axis}",
                    format_shape(first)
                ),
                format_shape(shape),
            ));
        }
    }
    let widths: Vec<usize> = shapes.iter().map(|s| s[k..].iter().product()).collect();
    let mut out = first.to_vec();
    // Each input's size fits in memory, but their sum might not: then the output shape check
    // reports it instead of an overflow.
    out[k] = shapes
        .iter()
        .try_fold(0usize, |acc, s| acc.checked_add(s[k]))
        .unwrap_or(usize::MAX);
    if widths
        .iter()
        .try_fold(0usize, |acc, &w| acc.checked_add(w))
        .is_none()
    {
        return Err(Error::invalid(
            inputs_field,
            "inputs whose concatenation fits in memory",
            format!("{} inputs", shapes.len()),
        ));
    }
    Ok(Call {
        op: Op::Concatenate { widths },
        rows_per_sample: first[..k].iter().product(),
        shape: out,
        weights: Vec::new(),
    })
}
