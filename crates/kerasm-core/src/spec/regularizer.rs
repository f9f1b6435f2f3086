//! A regularizer argument in the forms Keras reads (`keras/src/regularizers/__init__.py`,
//! `regularizers.py`): the factors `{ l1, l2 }`, a class name (`"L2"`, or its snake_case
//! `"l2"`) with the class's defaults, or a serialized regularizer
//! `{ class_name, config: { l1?, l2? } }` as `keras.regularizers.serialize` writes it. Every
//! form resolves to `L1L2` factors.

use crate::names::{lookup, names_of};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

/// `keras.regularizers.L1L2`: `l1·Σ|x| + l2·Σx²`. `l1(a)` is `{ l1: a }`, `l2(a)` is `{ l2: a }`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct RegularizerSpec {
    pub l1: f64,
    pub l2: f64,
}

/// The factors form: both default to 0.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Factors {
    #[serde(default)]
    l1: f64,
    #[serde(default)]
    l2: f64,
}

/// Keras's serialized form; `module` and `registered_name` say where the class came from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Serialized {
    class_name: String,
    #[serde(default)]
    config: serde_json::Map<String, serde_json::Value>,
    // Read so that Keras's own output parses; the class name alone decides.
    #[serde(default, rename = "module")]
    _module: Option<serde_json::Value>,
    #[serde(default, rename = "registered_name")]
    _registered_name: Option<serde_json::Value>,
}

/// A regularizer class: its defaults, and which factors its config takes.
#[derive(Clone, Copy)]
struct Class {
    defaults: RegularizerSpec,
    takes_l1: bool,
    takes_l2: bool,
}

const L1: Class = Class {
    defaults: RegularizerSpec { l1: 0.01, l2: 0.0 },
    takes_l1: true,
    takes_l2: false,
};
const L2: Class = Class {
    defaults: RegularizerSpec { l1: 0.0, l2: 0.01 },
    takes_l1: false,
    takes_l2: true,
};
const L1L2: Class = Class {
    defaults: RegularizerSpec { l1: 0.0, l2: 0.0 },
    takes_l1: true,
    takes_l2: true,
};

/// The classes built in, by their names: `L1(l1=0.01)`, `L2(l2=0.01)`, `L1L2(l1=0, l2=0)`.
const CLASSES: [(&str, Class); 6] = [
    ("L1", L1),
    ("L2", L2),
    ("L1L2", L1L2),
    ("l1", L1),
    ("l2", L2),
    ("l1l2", L1L2),
];

impl RegularizerSpec {
    /// The class names accepted, as Keras's `regularizers.get` accepts them.
    pub const NAMES: [&'static str; CLASSES.len()] = names_of(&CLASSES);

    fn class(name: &str) -> Result<Class, String> {
        lookup(&CLASSES, name).ok_or_else(|| {
            format!(
                "unknown regularizer class '{name}'; expected one of {}",
                RegularizerSpec::NAMES.join(", ")
            )
        })
    }

    fn from_json(value: serde_json::Value) -> Result<RegularizerSpec, String> {
        match value {
            serde_json::Value::String(name) => Ok(RegularizerSpec::class(&name)?.defaults),
            serde_json::Value::Object(fields) if fields.contains_key("class_name") => {
                let serialized: Serialized =
                    serde_json::from_value(serde_json::Value::Object(fields))
                        .map_err(|e| e.to_string())?;
                let class = RegularizerSpec::class(&serialized.class_name)?;
                let mut spec = class.defaults;
                for (field, value) in serialized.config {
                    // Each class takes only its own factors; `null` keeps the default.
                    let (target, default) = match field.as_str() {
                        "l1" if class.takes_l1 => (&mut spec.l1, class.defaults.l1),
                        "l2" if class.takes_l2 => (&mut spec.l2, class.defaults.l2),
                        _ => {
                            return Err(format!(
                                "unknown field `{field}` in the config of a '{}' regularizer",
                                serialized.class_name
                            ))
                        }
                    };
                    *target = match value {
                        serde_json::Value::Null => default,
                        serde_json::Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
                        other => return Err(format!("`{field}` must be a number, not {other}")),
                    };
                }
                Ok(spec)
            }
            serde_json::Value::Object(_) => {
                let factors: Factors = serde_json::from_value(value).map_err(|e| e.to_string())?;
                Ok(RegularizerSpec {
                    l1: factors.l1,
                    l2: factors.l2,
                })
            }
            other => Err(format!(
                "a regularizer ({{ l1, l2 }}, a class name such as \"L2\", or \
                 {{ class_name, config }}), not {other}"
            )),
        }
    }
}

impl<'de> Deserialize<'de> for RegularizerSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        RegularizerSpec::from_json(value).map_err(D::Error::custom)
    }
}
