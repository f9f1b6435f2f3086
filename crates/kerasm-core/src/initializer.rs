//! Weight initializers with Keras 3's formulas and defaults
//! (`keras/src/initializers/random_initializers.py`, `constant_initializers.py`).
//! Every weight draws from its own PCG stream keyed by the model seed and the weight's index,
//! so the same seed gives the same weights on every platform, whatever the other layers are.

use crate::error::Error;
use crate::names::{concat, lookup, names_of, names_of_all};
use rand::RngExt;
use rand_distr::StandardNormal;
use rand_pcg::Pcg32;

/// Standard deviation of a unit normal truncated to (−2, 2); Keras divides by it so a
/// truncated draw keeps the intended variance.
const TRUNCATED_NORMAL_STDDEV: f64 = 0.879_625_661_034_239_8;

/// Keras's default spread for `random_normal`, `random_uniform` and `truncated_normal`.
const DEFAULT_SPREAD: f64 = 0.05;

/// How a weight is filled before training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initializer {
    Zeros,
    Ones,
    GlorotUniform,
    GlorotNormal,
    HeUniform,
    HeNormal,
    LecunUniform,
    LecunNormal,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
}

/// The other names Keras's `initializers.get` accepts (`keras/src/initializers/__init__.py`):
/// each class's name, and the aliases. Keras matches names case-sensitively, and so does this.
const OTHER_NAMES: [(&str, Initializer); 15] = [
    ("Zeros", Initializer::Zeros),
    ("Ones", Initializer::Ones),
    ("GlorotUniform", Initializer::GlorotUniform),
    ("GlorotNormal", Initializer::GlorotNormal),
    ("HeUniform", Initializer::HeUniform),
    ("HeNormal", Initializer::HeNormal),
    ("LecunUniform", Initializer::LecunUniform),
    ("LecunNormal", Initializer::LecunNormal),
    ("RandomNormal", Initializer::RandomNormal),
    ("RandomUniform", Initializer::RandomUniform),
    ("TruncatedNormal", Initializer::TruncatedNormal),
    ("uniform", Initializer::RandomUniform),
    ("normal", Initializer::RandomNormal),
    ("zero", Initializer::Zeros),
    ("one", Initializer::Ones),
];

/// Which fan a variance-scaling initializer divides by.
#[derive(Clone, Copy)]
enum FanMode {
    In,
    Average,
}

/// The shape of the distribution a variance-scaling initializer samples.
#[derive(Clone, Copy)]
enum Distribution {
    Uniform,
    TruncatedNormal,
}

impl Initializer {
    /// Every initializer, in a fixed order.
    pub const ALL: [Initializer; 11] = [
        Initializer::Zeros,
        Initializer::Ones,
        Initializer::GlorotUniform,
        Initializer::GlorotNormal,
        Initializer::HeUniform,
        Initializer::HeNormal,
        Initializer::LecunUniform,
        Initializer::LecunNormal,
        Initializer::RandomNormal,
        Initializer::RandomUniform,
        Initializer::TruncatedNormal,
    ];

    /// The accepted names, as Keras spells them.
    pub const NAMES: [&'static str; Initializer::ALL.len()] =
        names_of_all!(Initializer::ALL, Initializer::name);

    /// Every name accepted: the snake_case names, then Keras's class names and aliases.
    pub const ACCEPTED: [&'static str; Initializer::NAMES.len() + OTHER_NAMES.len()] =
        concat(&Initializer::NAMES, &names_of(&OTHER_NAMES));

    /// Looks an initializer up by any name Keras's `initializers.get` accepts for it;
    /// `argument` names the spec field in errors.
    pub fn from_name(name: &str, argument: &str) -> Result<Initializer, Error> {
        Initializer::ALL
            .into_iter()
            .find(|init| init.name() == name)
            .or_else(|| lookup(&OTHER_NAMES, name))
            .ok_or_else(|| Error::unknown(argument, "initializer", &Initializer::ACCEPTED, name))
    }

    /// The Keras name.
    pub const fn name(self) -> &'static str {
        match self {
            Initializer::Zeros => "zeros",
            Initializer::Ones => "ones",
            Initializer::GlorotUniform => "glorot_uniform",
            Initializer::GlorotNormal => "glorot_normal",
            Initializer::HeUniform => "he_uniform",
            Initializer::HeNormal => "he_normal",
            Initializer::LecunUniform => "lecun_uniform",
            Initializer::LecunNormal => "lecun_normal",
            Initializer::RandomNormal => "random_normal",
            Initializer::RandomUniform => "random_uniform",
            Initializer::TruncatedNormal => "truncated_normal",
        }
    }

    /// Fills `out` (a weight of `shape`) from stream `stream` of the model's `seed`.
    pub fn fill(self, shape: &[usize], seed: u64, stream: u64, out: &mut [f32]) {
        let mut rng = Pcg32::new(seed, stream);
        match self {
            Initializer::Zeros => out.fill(0.0),
            Initializer::Ones => out.fill(1.0),
            Initializer::GlorotUniform => variance_scaling(
                shape,
                1.0,
                FanMode::Average,
                Distribution::Uniform,
                &mut rng,
                out,
            ),
            Initializer::GlorotNormal => variance_scaling(
                shape,
                1.0,
                FanMode::Average,
                Distribution::TruncatedNormal,
                &mut rng,
                out,
            ),
            Initializer::HeUniform => variance_scaling(
                shape,
                2.0,
                FanMode::In,
                Distribution::Uniform,
                &mut rng,
                out,
            ),
            Initializer::HeNormal => variance_scaling(
                shape,
                2.0,
                FanMode::In,
                Distribution::TruncatedNormal,
                &mut rng,
                out,
            ),
            Initializer::LecunUniform => variance_scaling(
                shape,
                1.0,
                FanMode::In,
                Distribution::Uniform,
                &mut rng,
                out,
            ),
            Initializer::LecunNormal => variance_scaling(
                shape,
                1.0,
                FanMode::In,
                Distribution::TruncatedNormal,
                &mut rng,
                out,
            ),
            Initializer::RandomNormal => out.iter_mut().for_each(|v| {
                let z: f64 = rng.sample(StandardNormal);
                *v = (z * DEFAULT_SPREAD) as f32;
            }),
            Initializer::RandomUniform => fill_uniform(DEFAULT_SPREAD, &mut rng, out),
            Initializer::TruncatedNormal => fill_truncated_normal(DEFAULT_SPREAD, &mut rng, out),
        }
    }
}

/// Keras's `compute_fans`: a 2-D kernel `[in, out]` has fans (in, out); a 1-D weight uses its
/// length for both; higher ranks multiply in the receptive field.
fn fans(shape: &[usize]) -> (f64, f64) {
    match shape {
        [] => (1.0, 1.0),
        [n] => (*n as f64, *n as f64),
        [.., fan_in, fan_out] => {
            let receptive: usize = shape[..shape.len() - 2].iter().product();
            ((fan_in * receptive) as f64, (fan_out * receptive) as f64)
        }
    }
}

/// Keras's `VarianceScaling`: variance `scale / fan`, as a uniform in ±√(3·variance) or a
/// normal truncated at two standard deviations.
fn variance_scaling(
    shape: &[usize],
    scale: f64,
    mode: FanMode,
    distribution: Distribution,
    rng: &mut Pcg32,
    out: &mut [f32],
) {
    let (fan_in, fan_out) = fans(shape);
    let fan = match mode {
        FanMode::In => fan_in,
        FanMode::Average => (fan_in + fan_out) / 2.0,
    };
    let variance = scale / fan.max(1.0);
    match distribution {
        Distribution::Uniform => fill_uniform((3.0 * variance).sqrt(), rng, out),
        Distribution::TruncatedNormal => {
            fill_truncated_normal(variance.sqrt() / TRUNCATED_NORMAL_STDDEV, rng, out)
        }
    }
}

fn fill_uniform(limit: f64, rng: &mut Pcg32, out: &mut [f32]) {
    out.iter_mut().for_each(|v| {
        let unit: f64 = rng.random();
        *v = (limit * (2.0 * unit - 1.0)) as f32;
    });
}

/// A normal of `stddev` truncated to ±2·stddev by resampling, as TF's `truncated_normal`.
fn fill_truncated_normal(stddev: f64, rng: &mut Pcg32, out: &mut [f32]) {
    out.iter_mut().for_each(|v| {
        let z = loop {
            let z: f64 = rng.sample(StandardNormal);
            if z.abs() <= 2.0 {
                break z;
            }
        };
        *v = (z * stddev) as f32;
    });
}
