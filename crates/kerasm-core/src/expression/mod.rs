//! Custom losses and metrics as an Expression: a small DAG of ops over the batch tensors
//! `y_true` and `y_pred`, traced from TypeScript ops, that yields one value per sample. It is
//! validated once at compile (ops, inputs, arguments and shapes), then evaluated per batch in
//! f64 with reverse-mode gradients into `y_pred`. Buffers are kept between batches, so a step
//! allocates nothing once the batch size has been seen.

mod op;

pub use op::{Elementwise, ExpressionOp, Reduction};

use crate::buffer::resize;
use crate::error::{format_shape, Error};
use crate::spec::compile::{ExpressionNodeSpec, ExpressionSpec, OperandSpec};

/// A validated Expression with its evaluation buffers.
#[derive(Debug, Clone)]
pub struct Expression {
    nodes: Vec<Node>,
    output: usize,
    /// Per-sample shape of `y_true` and `y_pred`.
    sample_shape: Vec<usize>,
    batch: usize,
    y_true: Vec<f64>,
    y_pred: Vec<f64>,
    values: Vec<Vec<f64>>,
    grads: Vec<Vec<f64>>,
    y_pred_grad: Vec<f64>,
}

/// An op input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operand {
    YTrue,
    YPred,
    Node(usize),
}

/// A node's per-sample shape, or a scalar shared by the whole batch (a constant, or an op of
/// constants).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    Scalar,
    Sample(Vec<usize>),
}

#[derive(Debug, Clone)]
struct Node {
    op: ExpressionOp,
    inputs: Vec<Operand>,
    shape: Shape,
    /// Depends on `y_pred`, so it carries a gradient.
    needs_grad: bool,
}

impl Expression {
    /// Validates `spec` for tensors `y_true` and `y_pred` of per-sample `sample_shape`;
    /// `argument` (e.g. `loss.expression`) prefixes every error.
    pub fn from_spec(
        spec: &ExpressionSpec,
        sample_shape: &[usize],
        argument: &str,
    ) -> Result<Expression, Error> {
        if spec.nodes.is_empty() {
            return Err(Error::invalid(
                format!("{argument}.nodes"),
                "at least one node",
                "[]",
            ));
        }
        let mut nodes: Vec<Node> = Vec::with_capacity(spec.nodes.len());
        for (i, node) in spec.nodes.iter().enumerate() {
            let at = format!("{argument}.nodes[{i}]");
            nodes.push(parse_node(node, &nodes, sample_shape, &at)?);
        }
        let output = nodes.get(spec.output).ok_or_else(|| {
            Error::invalid(
                format!("{argument}.output"),
                format!("the index of a node, below {}", spec.nodes.len()),
                spec.output,
            )
        })?;
        if output.shape != Shape::Sample(Vec::new()) {
            return Err(Error::shape(
                format!("{argument}.output"),
                "a node with one value per sample, of shape (batch,): reduce the other axes",
                describe(&output.shape),
            ));
        }
        let count = nodes.len();
        Ok(Expression {
            nodes,
            output: spec.output,
            sample_shape: sample_shape.to_vec(),
            batch: 0,
            y_true: Vec::new(),
            y_pred: Vec::new(),
            values: vec![Vec::new(); count],
            grads: vec![Vec::new(); count],
            y_pred_grad: Vec::new(),
        })
    }

    /// The per-sample values of a batch.
    pub fn sample_values(&mut self, y_pred: &[f32], y_true: &[f32]) -> Result<&[f64], Error> {
        self.forward(y_pred, y_true)?;
        Ok(&self.values[self.output])
    }

    /// Keras's `sum_over_batch_size` of the per-sample values, each weighted by
    /// `sample_weight` when given: `Σ wᵢ·vᵢ / batch`. With `gradient`, writes
    /// `d(result)/d(y_pred)` into it.
    pub fn loss(
        &mut self,
        y_pred: &[f32],
        y_true: &[f32],
        sample_weight: Option<&[f32]>,
        gradient: Option<&mut [f32]>,
    ) -> Result<f64, Error> {
        self.forward(y_pred, y_true)?;
        let batch = self.batch;
        if let Some(weights) = sample_weight {
            if weights.len() != batch {
                return Err(Error::shape(
                    "sample_weight",
                    format!("one weight per sample, {batch}"),
                    format!("{} weights", weights.len()),
                ));
            }
        }
        if let Some(gradient) = &gradient {
            if gradient.len() != y_pred.len() {
                return Err(Error::shape(
                    "gradient",
                    format!("{} values, like y_pred", y_pred.len()),
                    format!("{} values", gradient.len()),
                ));
            }
        }
        if batch == 0 {
            return Ok(0.0);
        }
        let weight = |s: usize| sample_weight.map_or(1.0, |w| w[s] as f64);
        let values = &self.values[self.output];
        let total: f64 = (0..batch).map(|s| weight(s) * values[s]).sum();
        if let Some(gradient) = gradient {
            let scale = 1.0 / batch as f64;
            let mut upstream = std::mem::take(&mut self.grads[self.output]);
            upstream.clear();
            upstream.extend((0..batch).map(|s| weight(s) * scale));
            self.grads[self.output] = upstream;
            self.backward()?;
            for (g, &d) in gradient.iter_mut().zip(&self.y_pred_grad) {
                *g = d as f32;
            }
        }
        Ok(total / batch as f64)
    }

    /// Evaluates every node over a batch; the batch size is read from `y_pred`.
    fn forward(&mut self, y_pred: &[f32], y_true: &[f32]) -> Result<(), Error> {
        // Every sample axis is positive (the model's shapes are), so `sample` is never 0.
        let sample = self.sample_shape.iter().product::<usize>().max(1);
        let batch = y_pred.len() / sample;
        for (argument, len) in [("y_pred", y_pred.len()), ("y_true", y_true.len())] {
            if len != batch * sample {
                return Err(Error::shape(
                    argument,
                    format!(
                        "whole samples of shape {}, as many for y_true as for y_pred",
                        format_shape(&self.sample_shape)
                    ),
                    format!("{len} values"),
                ));
            }
        }
        self.batch = batch;
        widen(y_true, &mut self.y_true, "the expression's y_true")?;
        widen(y_pred, &mut self.y_pred, "the expression's y_pred")?;
        for i in 0..self.nodes.len() {
            let mut out = std::mem::take(&mut self.values[i]);
            let len = self.len_of(&self.nodes[i].shape);
            resize(&mut out, len, "the expression's values")?;
            let node = &self.nodes[i];
            match node.op {
                ExpressionOp::Constant(value) => out[0] = value,
                ExpressionOp::Elementwise(op) => {
                    let a = self.operand(node.inputs[0]);
                    let b = node.inputs.get(1).map_or(&[0.0][..], |&b| self.operand(b));
                    for (j, y) in out.iter_mut().enumerate() {
                        *y = op.apply(at(a, j), at(b, j));
                    }
                }
                ExpressionOp::Reduce { reduction, axis } => {
                    let input = self.operand(node.inputs[0]);
                    let (outer, len, inner) = self.split(node.inputs[0], axis);
                    for o in 0..outer {
                        for i in 0..inner {
                            let along = (0..len).map(|l| input[(o * len + l) * inner + i]);
                            out[o * inner + i] = match reduction {
                                Reduction::Sum => along.sum(),
                                Reduction::Mean => along.sum::<f64>() / len as f64,
                                Reduction::Max => along.fold(f64::NEG_INFINITY, f64::max),
                            };
                        }
                    }
                }
            }
            self.values[i] = out;
        }
        Ok(())
    }

    /// Propagates `grads[output]` back to `y_pred_grad`.
    fn backward(&mut self) -> Result<(), Error> {
        for i in 0..self.nodes.len() {
            if self.nodes[i].needs_grad && i != self.output {
                let len = self.len_of(&self.nodes[i].shape);
                resize(&mut self.grads[i], len, "the expression's gradients")?;
                self.grads[i].fill(0.0);
            }
        }
        let len = self.y_pred.len();
        resize(&mut self.y_pred_grad, len, "the expression's gradients")?;
        self.y_pred_grad.fill(0.0);
        for i in (0..self.nodes.len()).rev() {
            if !self.nodes[i].needs_grad {
                continue;
            }
            let g = std::mem::take(&mut self.grads[i]);
            let node = &self.nodes[i];
            let (first, second) = (node.inputs.first().copied(), node.inputs.get(1).copied());
            match (node.op, first) {
                (ExpressionOp::Constant(_), _) | (_, None) => {}
                (ExpressionOp::Elementwise(op), Some(a_ref)) => {
                    let b_ref = second;
                    for (j, &gj) in g.iter().enumerate() {
                        let a = at(self.operand(a_ref), j);
                        let b = b_ref.map_or(0.0, |b| at(self.operand(b), j));
                        let y = self.values[i][j];
                        let (da, db) = op.derivatives(a, b, y);
                        self.accumulate(a_ref, j, gj * da);
                        if let Some(b_ref) = b_ref {
                            self.accumulate(b_ref, j, gj * db);
                        }
                    }
                }
                (ExpressionOp::Reduce { reduction, axis }, Some(source)) => {
                    let (outer, len, inner) = self.split(source, axis);
                    for o in 0..outer {
                        for i in 0..inner {
                            let gj = g[o * inner + i];
                            let index = |l: usize| (o * len + l) * inner + i;
                            match reduction {
                                Reduction::Sum => {
                                    (0..len).for_each(|l| self.accumulate(source, index(l), gj))
                                }
                                Reduction::Mean => (0..len).for_each(|l| {
                                    self.accumulate(source, index(l), gj / len as f64)
                                }),
                                Reduction::Max => {
                                    let first_max = {
                                        let input = self.operand(source);
                                        (0..len).fold(0, |best, l| {
                                            if input[index(l)] > input[index(best)] {
                                                l
                                            } else {
                                                best
                                            }
                                        })
                                    };
                                    self.accumulate(source, index(first_max), gj);
                                }
                            }
                        }
                    }
                }
            }
            self.grads[i] = g;
        }
        Ok(())
    }

    /// Adds `value` to element `j` of an operand's gradient, when it carries one.
    fn accumulate(&mut self, operand: Operand, j: usize, value: f64) {
        match operand {
            Operand::YTrue => {}
            Operand::YPred => self.y_pred_grad[j] += value,
            Operand::Node(k) => {
                if self.nodes[k].needs_grad {
                    self.grads[k][j] += value;
                }
            }
        }
    }

    fn operand(&self, operand: Operand) -> &[f64] {
        match operand {
            Operand::YTrue => &self.y_true,
            Operand::YPred => &self.y_pred,
            Operand::Node(k) => &self.values[k],
        }
    }

    fn shape_of(&self, operand: Operand) -> &[usize] {
        match operand {
            Operand::YTrue | Operand::YPred => &self.sample_shape,
            Operand::Node(k) => match &self.nodes[k].shape {
                Shape::Sample(shape) => shape,
                Shape::Scalar => &[],
            },
        }
    }

    /// The `[outer × len × inner]` view of a sample-shaped operand around `axis`.
    fn split(&self, operand: Operand, axis: usize) -> (usize, usize, usize) {
        let shape = self.shape_of(operand);
        let outer = self.batch * shape[..axis].iter().product::<usize>();
        (outer, shape[axis], shape[axis + 1..].iter().product())
    }

    fn len_of(&self, shape: &Shape) -> usize {
        match shape {
            Shape::Scalar => 1,
            Shape::Sample(shape) => self.batch * shape.iter().product::<usize>(),
        }
    }
}

/// Element `j` of an operand, a scalar broadcasting to every `j`.
fn at(values: &[f64], j: usize) -> f64 {
    if values.len() == 1 {
        values[0]
    } else {
        values[j]
    }
}

/// Parses and checks one node against the nodes before it.
fn parse_node(
    spec: &ExpressionNodeSpec,
    earlier: &[Node],
    sample_shape: &[usize],
    at: &str,
) -> Result<Node, Error> {
    let given = [
        ("value", spec.value.is_some()),
        ("min", spec.min.is_some()),
        ("max", spec.max.is_some()),
        ("axis", spec.axis.is_some()),
    ];
    let name = spec.op.as_str();
    let (arguments, inputs): (&[&str], usize) = match name {
        "constant" => (&["value"], 0),
        "clip" => (&["min", "max"], 1),
        _ if Reduction::from_name(name).is_some() => (&["axis"], 1),
        _ => match Elementwise::from_name(name) {
            Some(op) => (&[], if op.is_binary() { 2 } else { 1 }),
            None => {
                return Err(Error::unknown(
                    format!("{at}.op"),
                    "expression op",
                    &ExpressionOp::NAMES,
                    name,
                ))
            }
        },
    };
    if let Some((field, _)) = given
        .iter()
        .find(|(field, present)| *present && !arguments.contains(field))
    {
        return Err(Error::invalid(
            format!("{at}.{field}"),
            format!("no `{field}` for a '{name}' op"),
            "a value",
        ));
    }
    if spec.inputs.len() != inputs {
        return Err(Error::invalid(
            format!("{at}.inputs"),
            format!("{inputs} input(s) for a '{name}' op"),
            format!("{} inputs", spec.inputs.len()),
        ));
    }
    let mut operands = Vec::with_capacity(inputs);
    for (j, input) in spec.inputs.iter().enumerate() {
        let operand = match input {
            OperandSpec::Tensor(tensor) if tensor == "y_true" => Operand::YTrue,
            OperandSpec::Tensor(tensor) if tensor == "y_pred" => Operand::YPred,
            OperandSpec::Node(k) if *k < earlier.len() => Operand::Node(*k),
            other => {
                return Err(Error::invalid(
                    format!("{at}.inputs[{j}]"),
                    format!(
                        "\"y_true\", \"y_pred\" or the index of an earlier node (below {})",
                        earlier.len()
                    ),
                    match other {
                        OperandSpec::Node(k) => k.to_string(),
                        OperandSpec::Tensor(tensor) => format!("\"{tensor}\""),
                    },
                ))
            }
        };
        operands.push(operand);
    }
    let shape_of = |operand: Operand| match operand {
        Operand::YTrue | Operand::YPred => Shape::Sample(sample_shape.to_vec()),
        Operand::Node(k) => earlier[k].shape.clone(),
    };
    let needs_grad = operands.iter().any(|&operand| match operand {
        Operand::YTrue => false,
        Operand::YPred => true,
        Operand::Node(k) => earlier[k].needs_grad,
    });
    let required = |value: Option<f64>, field: &str| {
        value.filter(|v| v.is_finite()).ok_or_else(|| {
            Error::invalid(
                format!("{at}.{field}"),
                format!("a finite number for a '{name}' op"),
                value.map_or("missing".to_string(), |v| v.to_string()),
            )
        })
    };
    let (op, shape) = match (name, Reduction::from_name(name)) {
        ("constant", _) => (
            ExpressionOp::Constant(required(spec.value, "value")?),
            Shape::Scalar,
        ),
        (_, Some(reduction)) => {
            let Shape::Sample(input_shape) = shape_of(operands[0]) else {
                return Err(Error::invalid(
                    format!("{at}.inputs[0]"),
                    "a tensor with a batch axis to reduce, not a constant",
                    "a scalar",
                ));
            };
            let rank = input_shape.len() as i64 + 1;
            let axis = spec.axis.unwrap_or(-1);
            let normalized = if axis < 0 { axis + rank } else { axis };
            if !(1..rank).contains(&normalized) {
                return Err(Error::invalid(
                    format!("{at}.axis"),
                    format!(
                        "a non-batch axis of a rank-{rank} tensor: 1..{rank} or -{}..-1 \
                         (the result must keep one value per sample)",
                        rank - 1
                    ),
                    axis,
                ));
            }
            let axis = normalized as usize - 1;
            let mut shape = input_shape;
            shape.remove(axis);
            (
                ExpressionOp::Reduce { reduction, axis },
                Shape::Sample(shape),
            )
        }
        _ => {
            let op = if name == "clip" {
                let (min, max) = (required(spec.min, "min")?, required(spec.max, "max")?);
                if min > max {
                    return Err(Error::invalid(
                        format!("{at}.max"),
                        format!("a bound at least `min` ({min})"),
                        max,
                    ));
                }
                Elementwise::Clip { min, max }
            } else {
                Elementwise::from_name(name).ok_or_else(|| {
                    Error::unknown(
                        format!("{at}.op"),
                        "expression op",
                        &ExpressionOp::NAMES,
                        name,
                    )
                })?
            };
            let shapes: Vec<Shape> = operands.iter().map(|&o| shape_of(o)).collect();
            let shape = match shapes.as_slice() {
                [a] => a.clone(),
                [a, b] if a == b => a.clone(),
                [Shape::Scalar, b] => b.clone(),
                [a, Shape::Scalar] => a.clone(),
                [a, b] => {
                    return Err(Error::shape(
                        format!("{at}.inputs"),
                        "operands of the same shape, or one a constant",
                        format!("{} and {}", describe(a), describe(b)),
                    ))
                }
                _ => Shape::Scalar,
            };
            (ExpressionOp::Elementwise(op), shape)
        }
    };
    Ok(Node {
        op,
        inputs: operands,
        shape,
        needs_grad,
    })
}

/// A shape as Keras prints a batch tensor: `(None, 3)`.
fn describe(shape: &Shape) -> String {
    match shape {
        Shape::Scalar => "a scalar".to_string(),
        Shape::Sample(dims) => {
            let dims: Vec<String> = std::iter::once("None".to_string())
                .chain(dims.iter().map(usize::to_string))
                .collect();
            if dims.len() == 1 {
                "(None,)".to_string()
            } else {
                format!("({})", dims.join(", "))
            }
        }
    }
}

/// Copies f32 values into an f64 buffer, growing its capacity only when needed.
fn widen(source: &[f32], target: &mut Vec<f64>, what: &str) -> Result<(), Error> {
    resize(target, source.len(), what)?;
    for (t, &s) in target.iter_mut().zip(source) {
        *t = s as f64;
    }
    Ok(())
}
