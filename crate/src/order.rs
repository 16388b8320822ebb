//! Sorting with one copy of the sort. Each `sort_by` with its own closure or element type is
//! its own instantiation of the standard library's stable sort, 2–9 KB of wasm apiece: eleven
//! of them were about 60 KB of the module. These sort indices through a `&dyn` comparison, so
//! every caller shares one.

use std::cmp::Ordering;

/// The indices `0..n` in the stable order of `cmp`.
fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Sorts `items` by `cmp`, stably: what `slice::sort_by` does.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = stable_order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `items` by `key`, stably: what `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts pairs by their number, stably, in the order of `f64::total_cmp`.
pub fn sort_by_number<T>(items: &mut Vec<(f64, T)>) {
    sort_by(items, |a, b| a.0.total_cmp(&b.0));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_the_standard_library_does(v in proptest::collection::vec((-5i32..5, any::<u16>()), 0..60)) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut std = v;
            std.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sorts_numbers_as_total_cmp_does(v in proptest::collection::vec((prop_oneof![any::<f64>(), Just(f64::NAN), Just(-0.0)], any::<u8>()), 0..60)) {
            let mut ours = v.clone();
            sort_by_number(&mut ours);
            let mut std = v;
            std.sort_by(|a, b| a.0.total_cmp(&b.0));
            prop_assert_eq!(format!("{ours:?}"), format!("{std:?}"));
        }
    }
}
