//! Builds a `Graph` from a ModelSpec: validates layers, resolves each node's tensors to slots
//! (model inputs first, then one slot per node), checks that every call of a shared layer fits
//! the weights its first call created, lays every weight out in a flat vector (trainable and
//! non-trainable apart), initialises them, and decides how each gradient is written.

use crate::buffer;
use crate::error::{format_shape, Error};
use crate::graph::layer::Layer;
use crate::graph::op::GradMode;
use crate::graph::{noise_seed, Graph, LayerSlot, Node, WeightSlot};
use crate::layers::{Call, Op, PlannedWeight};
use crate::spec::ModelSpec;
use std::collections::HashMap;

impl Graph {
    /// Validates `spec` and builds the graph, with weights initialised from `spec.seed`.
    pub(crate) fn from_spec(spec: &ModelSpec) -> Result<Graph, Error> {
        if spec.inputs.is_empty() {
            return Err(Error::invalid("inputs", "at least one model input", "[]"));
        }
        let mut slots: HashMap<&str, usize> = HashMap::new();
        let mut shapes = Vec::with_capacity(spec.inputs.len() + spec.nodes.len());
        for (i, input) in spec.inputs.iter().enumerate() {
            check_shape(&input.shape, &format!("inputs[{i}].shape"))?;
            name_tensor(
                &mut slots,
                &input.name,
                shapes.len(),
                &format!("inputs[{i}].name"),
            )?;
            shapes.push(input.shape.clone());
        }

        let mut layers = Vec::with_capacity(spec.layers.len());
        let mut layer_index: HashMap<&str, usize> = HashMap::new();
        for (i, layer_spec) in spec.layers.iter().enumerate() {
            if layer_index.insert(layer_spec.name.as_str(), i).is_some() {
                return Err(Error::invalid(
                    format!("layers[{i}].name"),
                    "a name not used by another layer",
                    &layer_spec.name,
                ));
            }
            layers.push(Layer::from_spec(layer_spec, i)?);
        }

        // Each layer's weights, as its first call planned them.
        let mut layer_weights: Vec<Option<Vec<PlannedWeight>>> = vec![None; layers.len()];
        let mut calls = Vec::with_capacity(spec.nodes.len());
        for (k, node) in spec.nodes.iter().enumerate() {
            let at = format!("nodes[{k}]");
            let layer = *layer_index.get(node.layer.as_str()).ok_or_else(|| {
                Error::invalid(
                    format!("{at}.layer"),
                    "the name of a layer of the model",
                    &node.layer,
                )
            })?;
            let mut input_slots = Vec::with_capacity(node.inputs.len());
            for (i, name) in node.inputs.iter().enumerate() {
                let slot = *slots.get(name.as_str()).ok_or_else(|| {
                    Error::invalid(
                        format!("{at}.inputs[{i}]"),
                        "the name of a model input or of an earlier node's output (nodes are \
                         topologically ordered)",
                        name,
                    )
                })?;
                input_slots.push(slot);
            }
            let input_shapes: Vec<&[usize]> =
                input_slots.iter().map(|&s| shapes[s].as_slice()).collect();
            let call = layers[layer].call(&input_shapes, &at)?;
            check_shape(&call.shape, &format!("{at}.output"))?;
            match &layer_weights[layer] {
                None => layer_weights[layer] = Some(call.weights.clone()),
                Some(first) => {
                    check_same_weights(first, &call, &layers[layer].name, &input_shapes, &at)?
                }
            }
            name_tensor(
                &mut slots,
                &node.output,
                shapes.len(),
                &format!("{at}.output"),
            )?;
            shapes.push(call.shape.clone());
            calls.push((layer, input_slots, call));
        }
        if let Some(i) = layer_weights.iter().position(Option::is_none) {
            return Err(Error::invalid(
                format!("layers[{i}]"),
                "a layer called by at least one node",
                &layers[i].name,
            ));
        }

        let mut outputs = Vec::with_capacity(spec.outputs.len());
        for (i, name) in spec.outputs.iter().enumerate() {
            let slot = *slots.get(name.as_str()).ok_or_else(|| {
                Error::invalid(
                    format!("outputs[{i}]"),
                    "the name of a model input or of a node's output",
                    name,
                )
            })?;
            if outputs.contains(&slot) {
                return Err(Error::Unsupported {
                    argument: format!("outputs[{i}]"),
                    feature: "A model returning the same tensor twice",
                    received: name.clone(),
                });
            }
            outputs.push(slot);
        }
        if outputs.is_empty() {
            return Err(Error::invalid("outputs", "at least one model output", "[]"));
        }
        check_connected(spec, &calls, &outputs)?;
        let planned: Vec<Vec<PlannedWeight>> = layer_weights.into_iter().flatten().collect();
        lay_out(spec, shapes, layers, planned, calls, outputs)
    }
}

/// Registers a tensor name; tensor names (inputs and node outputs) are unique.
fn name_tensor<'s>(
    slots: &mut HashMap<&'s str, usize>,
    name: &'s str,
    slot: usize,
    argument: &str,
) -> Result<(), Error> {
    if slots.insert(name, slot).is_some() {
        return Err(Error::invalid(
            argument,
            "a tensor name not used by any input or other node output",
            name,
        ));
    }
    Ok(())
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

/// A shared layer keeps the weights of its first call: a later call must need the same ones.
fn check_same_weights(
    first: &[PlannedWeight],
    call: &Call<Op>,
    layer: &str,
    input_shapes: &[&[usize]],
    at: &str,
) -> Result<(), Error> {
    let same = first.len() == call.weights.len()
        && first
            .iter()
            .zip(&call.weights)
            .all(|(a, b)| a.shape == b.shape);
    if same {
        return Ok(());
    }
    let describe = |weights: &[PlannedWeight]| -> String {
        let parts: Vec<String> = weights
            .iter()
            .map(|w| format!("{} {}", w.suffix, format_shape(&w.shape)))
            .collect();
        parts.join(", ")
    };
    let received: Vec<String> = input_shapes.iter().map(|s| format_shape(s)).collect();
    Err(Error::shape(
        format!("{at}.inputs"),
        format!(
            "inputs that fit the weights layer '{layer}' was built with by its first call ({})",
            describe(first)
        ),
        format!(
            "{} (needing {})",
            received.join(", "),
            describe(&call.weights)
        ),
    ))
}

/// Keras's functional model only holds layers that lead to an output; a dangling node here is
/// almost surely a wiring mistake, so it is an error rather than wasted work.
fn check_connected(
    spec: &ModelSpec,
    calls: &[(usize, Vec<usize>, Call<Op>)],
    outputs: &[usize],
) -> Result<(), Error> {
    let first_node_slot = spec.inputs.len();
    let mut needed = vec![false; first_node_slot + calls.len()];
    outputs.iter().for_each(|&slot| needed[slot] = true);
    for (k, (_, inputs, _)) in calls.iter().enumerate().rev() {
        if needed[first_node_slot + k] {
            inputs.iter().for_each(|&slot| needed[slot] = true);
        }
    }
    match (0..calls.len()).find(|&k| !needed[first_node_slot + k]) {
        Some(k) => Err(Error::invalid(
            format!("nodes[{k}]"),
            "a node connected to one of the model's outputs",
            &spec.nodes[k].output,
        )),
        None => Ok(()),
    }
}

/// Lays the weights out back to back (trainable ones in `parameters`, the others in `state`),
/// initialises them, and wires gradient modes.
fn lay_out(
    spec: &ModelSpec,
    shapes: Vec<Vec<usize>>,
    layers: Vec<Layer>,
    planned: Vec<Vec<PlannedWeight>>,
    calls: Vec<(usize, Vec<usize>, Call<Op>)>,
    outputs: Vec<usize>,
) -> Result<Graph, Error> {
    let mut totals = [0usize, 0usize];
    let mut weights = Vec::new();
    let mut initializers = Vec::new();
    let mut layer_slots = Vec::with_capacity(layers.len());
    for (index, (layer, layer_weights)) in layers.iter().zip(&planned).enumerate() {
        let starts = totals;
        for weight in layer_weights {
            let total = &mut totals[usize::from(!weight.trainable)];
            let end = buffer::element_count(&weight.shape, "weights")?
                .checked_add(*total)
                .ok_or_else(|| {
                    Error::invalid(
                        "layers",
                        "a model whose weights fit in memory",
                        "an overflowing size",
                    )
                })?;
            weights.push(WeightSlot {
                name: format!("{}/{}", layer.name, weight.suffix),
                shape: weight.shape.clone(),
                trainable: weight.trainable,
                range: *total..end,
                regularizer: weight.setup.regularizer,
            });
            initializers.push(weight.setup.initializer);
            *total = end;
        }
        layer_slots.push(LayerSlot {
            name: layer.name.clone(),
            params: starts[0]..totals[0],
            state: starts[1]..totals[1],
            // A configured seed, or one derived from the model seed and the layer's index.
            seed: layer
                .configured_seed()
                .unwrap_or_else(|| noise_seed(spec.seed, index as u64, u64::MAX)),
            activity_regularizer: layer.activity_regularizer,
        });
    }
    let mut parameters = buffer::zeroed(totals[0], "the model weights")?;
    let gradients = buffer::zeroed(totals[0], "the weight gradients")?;
    let mut state = buffer::zeroed(totals[1], "the non-trainable weights")?;
    // Weight i draws from stream i of the seed: a layer's initial values do not depend on the
    // sizes of the layers before it.
    for (stream, (slot, init)) in weights.iter().zip(initializers).enumerate() {
        let values = if slot.trainable {
            &mut parameters[slot.range.clone()]
        } else {
            &mut state[slot.range.clone()]
        };
        init.fill(&slot.shape, spec.seed, stream as u64, values);
    }

    let first_node_slot = spec.inputs.len();
    let nodes = grad_modes(first_node_slot, &calls, &outputs, layers.len());
    let nodes = calls
        .into_iter()
        .zip(nodes)
        .map(|((layer, inputs, call), (input_modes, param_mode))| Node {
            op: call.op,
            layer,
            grad_targets: inputs.iter().copied().zip(input_modes).collect(),
            inputs,
            param_mode,
            rows_per_sample: call.rows_per_sample,
        })
        .collect();
    let output_names = outputs
        .iter()
        .map(|&slot| match slot.checked_sub(first_node_slot) {
            Some(k) => spec.nodes[k].layer.clone(),
            None => spec.inputs[slot].name.clone(),
        })
        .collect();
    Ok(Graph {
        shapes,
        input_count: first_node_slot,
        outputs,
        output_names,
        nodes,
        layers: layer_slots,
        weights,
        parameters,
        gradients,
        state,
    })
}

/// For each node, how it writes its inputs' gradients and its layer's weight gradients.
/// Backward visits nodes last to first, each node's inputs in order: the first writer of a
/// buffer overwrites it, later ones accumulate. Output gradients are written by the loss
/// before backward starts, so consumers of an output always accumulate; model inputs need none.
fn grad_modes(
    first_node_slot: usize,
    calls: &[(usize, Vec<usize>, Call<Op>)],
    outputs: &[usize],
    layers: usize,
) -> Vec<(Vec<GradMode>, GradMode)> {
    let mut written = vec![false; first_node_slot + calls.len()];
    outputs.iter().for_each(|&slot| written[slot] = true);
    let mut layer_written = vec![false; layers];
    let mut modes = vec![(Vec::new(), GradMode::Skip); calls.len()];
    for (k, (layer, inputs, _)) in calls.iter().enumerate().rev() {
        let first_write = |done: &mut bool| {
            let mode = if *done {
                GradMode::Accumulate
            } else {
                GradMode::Overwrite
            };
            *done = true;
            mode
        };
        let input_modes = inputs
            .iter()
            .map(|&slot| {
                if slot < first_node_slot {
                    GradMode::Skip
                } else {
                    first_write(&mut written[slot])
                }
            })
            .collect();
        modes[k] = (input_modes, first_write(&mut layer_written[*layer]));
    }
    modes
}
