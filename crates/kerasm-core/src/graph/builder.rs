//! Builds a `Graph` from a `ModelSpec`: resolves names to slots, checks shapes, lays the
//! weights out in one flat vector and initialises them from the seed.

use super::{Dense, GradMode, Graph, Node, Op, WeightSlot};
use crate::activation::Activation;
use crate::buffer;
use crate::error::{format_shape, Error};
use crate::initializer::Initializer;
use crate::spec::{self, ActivationConfig, DenseConfig, LayerSpec, ModelSpec};
use std::collections::HashMap;

/// The layer kinds the engine builds.
const LAYER_KINDS: &[&str] = &["dense", "activation"];

/// A layer resolved from its spec, before its weights are laid out.
struct PlannedLayer {
    name: String,
    op: Op,
    input_slot: usize,
    shape: Vec<usize>,
    /// (name suffix, shape, initializer) of each weight, in `Op::weights` order.
    weights: Vec<(&'static str, Vec<usize>, Initializer)>,
}

impl Graph {
    /// Builds the graph described by `spec` and initialises its weights from `spec.seed`.
    pub(crate) fn from_spec(spec: &ModelSpec) -> Result<Graph, Error> {
        let input = match spec.inputs.as_slice() {
            [input] => input,
            inputs => {
                return Err(Error::Unsupported {
                    argument: "inputs".into(),
                    feature: "A model with other than exactly one input",
                    received: format!("{} inputs", inputs.len()),
                })
            }
        };
        let output_name = match spec.outputs.as_slice() {
            [output] => output,
            outputs => {
                return Err(Error::Unsupported {
                    argument: "outputs".into(),
                    feature: "A model with other than exactly one output",
                    received: format!("{} outputs", outputs.len()),
                })
            }
        };
        check_shape(&input.shape, "inputs[0].shape")?;

        let mut slots: HashMap<&str, usize> = HashMap::new();
        slots.insert(input.name.as_str(), 0);
        let mut shapes = vec![input.shape.clone()];
        let mut layers = Vec::with_capacity(spec.layers.len());
        for (i, layer) in spec.layers.iter().enumerate() {
            let planned = plan_layer(layer, i, &slots, &shapes)?;
            if slots.insert(layer.name.as_str(), shapes.len()).is_some() {
                return Err(Error::invalid(
                    format!("layers[{i}].name"),
                    "a name not used by any input or other layer",
                    &layer.name,
                ));
            }
            shapes.push(planned.shape.clone());
            layers.push(planned);
        }
        let output_slot = *slots.get(output_name.as_str()).ok_or_else(|| {
            Error::invalid(
                "outputs[0]",
                "the name of an input or a layer of the model",
                output_name,
            )
        })?;
        check_connected(spec, &layers, output_slot)?;
        lay_out(spec.seed, shapes, layers, output_slot)
    }
}

/// Every dimension must be a positive size: a zero would leave nothing to cut rows from.
fn check_shape(shape: &[usize], argument: &str) -> Result<(), Error> {
    if shape.is_empty() || shape.contains(&0) {
        return Err(Error::invalid(
            argument,
            "a non-empty shape of positive sizes",
            format_shape(shape),
        ));
    }
    buffer::element_count(shape, argument).map(|_| ())
}

/// Resolves one layer spec against the slots defined before it.
fn plan_layer(
    layer: &LayerSpec,
    i: usize,
    slots: &HashMap<&str, usize>,
    shapes: &[Vec<usize>],
) -> Result<PlannedLayer, Error> {
    let at = |field: &str| format!("layers[{i}].{field}");
    let input_slot = match layer.inputs.as_slice() {
        [name] => *slots.get(name.as_str()).ok_or_else(|| {
            Error::invalid(
                at("inputs"),
                "the name of an input or of an earlier layer (layers are topologically ordered)",
                name,
            )
        })?,
        inputs => {
            return Err(Error::invalid(
                at("inputs"),
                format!("exactly one input for a '{}' layer", layer.kind),
                format!("{inputs:?}"),
            ))
        }
    };
    let input_shape = &shapes[input_slot];
    let width = input_shape.last().copied().unwrap_or(1);
    // A missing config reads as `{}`, so the error names the missing field.
    let config = if layer.config.is_null() {
        serde_json::Value::Object(Default::default())
    } else {
        layer.config.clone()
    };
    match layer.kind.as_str() {
        "dense" => {
            let config: DenseConfig = spec::from_value(config, &at("config"))?;
            if config.units == 0 {
                return Err(Error::invalid(at("config.units"), "a positive integer", 0));
            }
            let activation = match &config.activation {
                Some(name) => Activation::from_name(name, &at("config.activation"))?,
                None => Activation::Linear,
            };
            let dense = Dense {
                in_features: width,
                units: config.units,
                activation,
                use_bias: config.use_bias,
            };
            let kernel_init = Initializer::from_name(
                &config.kernel_initializer,
                &at("config.kernel_initializer"),
            )?;
            let bias_init =
                Initializer::from_name(&config.bias_initializer, &at("config.bias_initializer"))?;
            let mut shape = input_shape.clone();
            if let Some(last) = shape.last_mut() {
                *last = config.units;
            }
            check_shape(&shape, &at("config.units"))?;
            let weights = dense
                .weights()
                .into_iter()
                .map(|(suffix, shape)| {
                    let init = if suffix == "bias" {
                        bias_init
                    } else {
                        kernel_init
                    };
                    (suffix, shape, init)
                })
                .collect();
            Ok(PlannedLayer {
                name: layer.name.clone(),
                op: Op::Dense(dense),
                input_slot,
                shape,
                weights,
            })
        }
        "activation" => {
            let config: ActivationConfig = spec::from_value(config, &at("config"))?;
            let activation = Activation::from_name(&config.activation, &at("config.activation"))?;
            Ok(PlannedLayer {
                name: layer.name.clone(),
                op: Op::Activation { activation, width },
                input_slot,
                shape: input_shape.clone(),
                weights: Vec::new(),
            })
        }
        other => Err(Error::unknown(at("kind"), "layer kind", LAYER_KINDS, other)),
    }
}

/// Keras's functional model only holds layers that lead to an output; a dangling layer here is
/// almost surely a wiring mistake, so it is an error rather than dead weight.
fn check_connected(
    spec: &ModelSpec,
    layers: &[PlannedLayer],
    output_slot: usize,
) -> Result<(), Error> {
    let mut needed = vec![false; layers.len() + 1];
    needed[output_slot] = true;
    for (k, layer) in layers.iter().enumerate().rev() {
        if needed[k + 1] {
            needed[layer.input_slot] = true;
        }
    }
    match (0..layers.len()).find(|&k| !needed[k + 1]) {
        Some(k) => Err(Error::invalid(
            format!("layers[{k}]"),
            "a layer connected to the model's output",
            &spec.layers[k].name,
        )),
        None => Ok(()),
    }
}

/// Lays the weights out back to back, initialises them, and wires gradient modes.
fn lay_out(
    seed: u64,
    shapes: Vec<Vec<usize>>,
    layers: Vec<PlannedLayer>,
    output_slot: usize,
) -> Result<Graph, Error> {
    let first_node_slot = 1;
    let mut total = 0usize;
    let mut weights = Vec::new();
    let mut initializers = Vec::new();
    let mut ranges = Vec::with_capacity(layers.len());
    for layer in &layers {
        let start = total;
        for (suffix, shape, init) in &layer.weights {
            let end = buffer::element_count(shape, "weights")?
                .checked_add(total)
                .ok_or_else(|| {
                    Error::invalid(
                        "layers",
                        "a model whose weights fit in memory",
                        "an overflowing size",
                    )
                })?;
            weights.push(WeightSlot {
                name: format!("{}/{suffix}", layer.name),
                shape: shape.clone(),
                range: total..end,
            });
            initializers.push(*init);
            total = end;
        }
        ranges.push(start..total);
    }
    let mut parameters = buffer::zeroed(total, "the model weights")?;
    let gradients = buffer::zeroed(total, "the weight gradients")?;
    // Weight i draws from stream i of the seed: a layer's initial values do not depend on the
    // sizes of the layers before it.
    for (stream, (slot, init)) in weights.iter().zip(initializers).enumerate() {
        init.fill(
            &slot.shape,
            seed,
            stream as u64,
            &mut parameters[slot.range.clone()],
        );
    }

    // Backward visits nodes last to first: the first visitor of a slot overwrites its gradient.
    let mut written = vec![false; shapes.len()];
    let mut modes = vec![GradMode::Skip; layers.len()];
    for (k, layer) in layers.iter().enumerate().rev() {
        if layer.input_slot >= first_node_slot {
            modes[k] = if written[layer.input_slot] {
                GradMode::Accumulate
            } else {
                GradMode::Overwrite
            };
            written[layer.input_slot] = true;
        }
    }

    let nodes = layers
        .iter()
        .zip(ranges)
        .zip(modes)
        .map(|((layer, params), mode)| Node {
            op: layer.op,
            inputs: vec![(layer.input_slot, mode)],
            params,
            rows_per_sample: layer.shape[..layer.shape.len() - 1].iter().product(),
        })
        .collect();
    Ok(Graph {
        shapes,
        input_slot: 0,
        output_slot,
        first_node_slot,
        nodes,
        weights,
        parameters,
        gradients,
    })
}
