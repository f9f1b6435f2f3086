//! The one error type of the engine. Every variant has a stable `code()` that the JS layer maps
//! onto its own error classes, and a message in Keras's voice: what was wrong, what was
//! expected, then `Received: argument=value`.

use std::fmt;

/// Everything that can go wrong in the engine. Nothing user-reachable panics: a panic in wasm
/// is an uncatchable trap, so every bad input comes back as one of these.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// A spec string is not valid JSON, or does not match the spec's schema.
    InvalidJson {
        argument: String,
        message: String,
        /// The text that failed (cut to a few hundred characters in messages).
        received: String,
    },
    /// A value outside the accepted range or set.
    InvalidArgument {
        argument: String,
        expected: String,
        received: String,
    },
    /// A name (layer kind, activation, loss, optimizer, metric, initializer) that is not known.
    UnknownName {
        argument: String,
        kind: &'static str,
        expected: &'static [&'static str],
        received: String,
    },
    /// Two shapes that must agree do not.
    ShapeMismatch {
        argument: String,
        expected: String,
        received: String,
    },
    /// A sparse label that is not an integer class index in `[0, classes)`.
    LabelOutOfRange {
        argument: String,
        index: usize,
        classes: usize,
        received: f32,
    },
    /// An embedding input that is not an integer index in `[0, input_dim)`.
    IndexOutOfRange {
        argument: String,
        index: usize,
        input_dim: usize,
        received: f32,
    },
    /// Data holding NaN or ±Infinity, at a flat index of the user's array.
    NonFinite {
        argument: String,
        index: usize,
        received: f32,
    },
    /// Training or evaluation was asked for before `compile()`.
    NotCompiled { operation: &'static str },
    /// Valid Keras, but not built into the engine yet.
    Unsupported {
        argument: String,
        feature: &'static str,
        received: String,
    },
    /// A buffer could not be allocated (a wasm32 memory is at most 4 GiB).
    ResourceExhausted { what: String, elements: usize },
}

impl Error {
    /// A stable, machine-readable code for the variant.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidJson { .. } => "INVALID_JSON",
            Error::InvalidArgument { .. } => "INVALID_ARGUMENT",
            Error::UnknownName { .. } => "UNKNOWN_NAME",
            Error::ShapeMismatch { .. } => "SHAPE_MISMATCH",
            Error::LabelOutOfRange { .. } => "LABEL_OUT_OF_RANGE",
            Error::IndexOutOfRange { .. } => "INDEX_OUT_OF_RANGE",
            Error::NonFinite { .. } => "NON_FINITE",
            Error::NotCompiled { .. } => "NOT_COMPILED",
            Error::Unsupported { .. } => "UNSUPPORTED",
            Error::ResourceExhausted { .. } => "RESOURCE_EXHAUSTED",
        }
    }

    /// The argument the error is about (e.g. `layers[0].config.activation`), when there is one.
    pub fn argument(&self) -> Option<&str> {
        match self {
            Error::InvalidJson { argument, .. }
            | Error::InvalidArgument { argument, .. }
            | Error::UnknownName { argument, .. }
            | Error::ShapeMismatch { argument, .. }
            | Error::LabelOutOfRange { argument, .. }
            | Error::IndexOutOfRange { argument, .. }
            | Error::NonFinite { argument, .. }
            | Error::Unsupported { argument, .. } => Some(argument),
            Error::NotCompiled { .. } | Error::ResourceExhausted { .. } => None,
        }
    }

    pub(crate) fn invalid(
        argument: impl Into<String>,
        expected: impl Into<String>,
        received: impl fmt::Display,
    ) -> Error {
        Error::InvalidArgument {
            argument: argument.into(),
            expected: expected.into(),
            received: received.to_string(),
        }
    }

    pub(crate) fn shape(
        argument: impl Into<String>,
        expected: impl Into<String>,
        received: impl Into<String>,
    ) -> Error {
        Error::ShapeMismatch {
            argument: argument.into(),
            expected: expected.into(),
            received: received.into(),
        }
    }

    pub(crate) fn unknown(
        argument: impl Into<String>,
        kind: &'static str,
        expected: &'static [&'static str],
        received: &str,
    ) -> Error {
        Error::UnknownName {
            argument: argument.into(),
            kind,
            expected,
            received: received.to_string(),
        }
    }
}

/// A long JSON payload is cut in messages so an error never echoes megabytes back.
const MAX_ECHO_CHARS: usize = 200;

fn echo(value: &str) -> String {
    if value.chars().count() <= MAX_ECHO_CHARS {
        value.to_string()
    } else {
        let head: String = value.chars().take(MAX_ECHO_CHARS).collect();
        format!("{head}…")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidJson {
                argument,
                message,
                received,
            } => write!(
                f,
                "Could not read `{argument}`: {message}. Expected valid JSON with the fields of \
                 a {argument}. Received: {argument}={}",
                echo(received)
            ),
            Error::InvalidArgument {
                argument,
                expected,
                received,
            } => write!(
                f,
                "Invalid value for `{argument}`: expected {expected}. Received: {argument}={}",
                echo(received)
            ),
            Error::UnknownName {
                argument,
                kind,
                expected,
                received,
            } => write!(
                f,
                "Unknown {kind}: '{}'. Expected one of: {}. Received: {argument}={}",
                echo(received),
                expected.join(", "),
                echo(received)
            ),
            Error::ShapeMismatch {
                argument,
                expected,
                received,
            } => write!(
                f,
                "Incompatible shape for `{argument}`: expected {expected}. Received: {argument}={received}"
            ),
            Error::LabelOutOfRange {
                argument,
                index,
                classes,
                received,
            } => write!(
                f,
                "Sparse labels must be integer class indices in [0, {classes}) for a model with \
                 {classes} output classes. Received: {argument}[{index}]={received}"
            ),
            Error::IndexOutOfRange {
                argument,
                index,
                input_dim,
                received,
            } => write!(
                f,
                "Embedding inputs must be integer indices in [0, {input_dim}) for a layer with \
                 input_dim={input_dim}. Received: {argument}[{index}]={received}"
            ),
            Error::NonFinite {
                argument,
                index,
                received,
            } => write!(
                f,
                "`{argument}` must hold finite numbers (fill missing values first, e.g. \
                 preprocessing.fillMissing). Received: {argument}[flat index {index}]={}",
                js_number(*received)
            ),
            Error::NotCompiled { operation } => write!(
                f,
                "You must call `compile()` before `{operation}()`: the model has no loss and no \
                 optimizer yet. Received: compiled=false"
            ),
            Error::Unsupported {
                argument,
                feature,
                received,
            } => write!(
                f,
                "{feature} is not supported yet. Received: {argument}={}",
                echo(received)
            ),
            Error::ResourceExhausted { what, elements } => write!(
                f,
                "Out of memory while allocating {what}: expected room for {elements} float32 \
                 values. Received: elements={elements}"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// A non-finite value spelled as JavaScript prints it, since the message reaches JS users.
fn js_number(value: f32) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        value.to_string()
    }
}

/// Formats a shape the way Keras prints one: `(None, 16)` with the batch axis, `(16,)` without.
pub(crate) fn format_shape(shape: &[usize]) -> String {
    match shape {
        [single] => format!("({single},)"),
        dims => {
            let inner: Vec<String> = dims.iter().map(usize::to_string).collect();
            format!("({})", inner.join(", "))
        }
    }
}
