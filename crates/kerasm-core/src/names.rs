//! Name lists built at compile time from the tables that define what each name means, so an
//! error's list of accepted names (and the engine's catalogue) cannot drift from what is accepted.

/// The names of every value of an `ALL` table, by a `const fn` naming one value:
/// `names_of_all!(Activation::ALL, Activation::name)`.
macro_rules! names_of_all {
    ($all:expr, $name:path) => {{
        let mut names = [""; $all.len()];
        let mut i = 0;
        while i < names.len() {
            names[i] = $name($all[i]);
            i += 1;
        }
        names
    }};
}
pub(crate) use names_of_all;

/// The first column of a `(name, value)` table.
pub(crate) const fn names_of<T, const N: usize>(
    table: &[(&'static str, T); N],
) -> [&'static str; N] {
    let mut names = [""; N];
    let mut i = 0;
    while i < N {
        names[i] = table[i].0;
        i += 1;
    }
    names
}

/// `a` then `b`, as one list (`N` must be their total length: checked at compile time).
pub(crate) const fn concat<const N: usize>(
    a: &[&'static str],
    b: &[&'static str],
) -> [&'static str; N] {
    assert!(a.len() + b.len() == N, "concat: N is not the total length");
    let mut names = [""; N];
    let mut i = 0;
    while i < N {
        names[i] = if i < a.len() { a[i] } else { b[i - a.len()] };
        i += 1;
    }
    names
}

/// The value of `name` in a `(name, value)` table.
pub(crate) fn lookup<T: Copy>(table: &[(&str, T)], name: &str) -> Option<T> {
    table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, value)| value)
}
