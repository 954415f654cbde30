//! HTML tables laid out as a browser lays them out (the HTML table algorithm): each cell
//! on the first free slots of its row, `rowspan` and `colspan` covering the slots beside
//! and below it, under a budget of slots and repeated text for the whole document.

use super::*;
use std::rc::Rc;

/// A cell as written: its text, `rowspan` and `colspan`.
pub(super) struct Written {
    pub(super) cell: Cell,
    pub(super) rows: usize,
    pub(super) columns: usize,
}

/// A row as written.
pub(super) struct WrittenRow {
    pub(super) cells: Vec<Written>,
    pub(super) head: bool,
    pub(super) group: usize,
    pub(super) start: usize,
}

/// A table being read.
pub(super) struct Building {
    pub(super) start: usize,
    pub(super) rows: Vec<WrittenRow>,
    /// Where among the blocks read it stands (before the tables it holds).
    pub(super) at: usize,
}

/// The widest table laid out, in columns: a browser caps `colspan` at 1,000 too.
pub(super) const MAX_COLUMNS: usize = 1_000;

/// A `rowspan`/`colspan` value's text as a browser reads it.
pub(super) fn parse_span(value: &str, zero: usize, max: usize) -> usize {
    let value = value.trim_start_matches(['\t', '\n', '\u{c}', '\r', ' ']);
    let value = value.strip_prefix('+').unwrap_or(value);
    let digits = value.bytes().take_while(u8::is_ascii_digit);
    let mut any = false;
    let mut n = 0usize;
    for d in digits {
        any = true;
        n = n.saturating_mul(10).saturating_add(usize::from(d - b'0'));
    }
    match (any, n) {
        (false, _) => 1,
        (true, 0) => zero,
        (true, n) => n.min(max),
    }
}

/// A row laid out: its slots' cells, how many slots it fills, whether it is a header row,
/// and where its first own cell starts.
pub(super) type LaidOut = (Vec<Cell>, usize, bool, usize);

/// What laying out a document's HTML tables may take: slots of their grids, and text
/// repeated in the slots a spanning cell covers (each is read as the cell's). A
/// `<td colspan=1000 rowspan=0>` over thousands of rows would otherwise fill gigabytes.
pub(super) struct Grid {
    pub(super) slots: usize,
    pub(super) text: usize,
    /// Where the first table that went over starts: an input error there.
    pub(super) over: Option<usize>,
    /// Where a row or cell tag stands outside any table of its HTML: an input error there.
    pub(super) stray: Option<usize>,
}

impl Grid {
    /// The budget of a document of `length` bytes: [`MAX_GRID`] slots, and as much
    /// repeated text as the document holds (at least 64 KiB).
    pub(super) fn new(length: usize) -> Self {
        Grid {
            slots: MAX_GRID,
            text: length.max(64 * 1024),
            over: None,
            stray: None,
        }
    }

    /// Takes `slots` slots and `text` bytes of repeated text; `false` when over.
    fn take(&mut self, slots: usize, text: usize) -> bool {
        match (self.slots.checked_sub(slots), self.text.checked_sub(text)) {
            (Some(s), Some(t)) => {
                self.slots = s;
                self.text = t;
                true
            }
            _ => {
                self.slots = 0;
                false
            }
        }
    }
}

/// The rows of a table laid out on its grid as a browser does (the HTML table
/// algorithm): each cell takes the first free slot of its row, a `colspan` the slots to
/// its right, a `rowspan` the same slots of the rows below in its row group. A slot a
/// spanning cell covers holds it too (its text shared), marked `spanned`, so a column
/// keeps its meaning in every row and a spanned module cell can be refused.
///
/// `None` when its grid goes over what `grid` has left (`grid.over` then says where the
/// table starts).
pub(super) fn lay_out(
    rows: Vec<WrittenRow>,
    grid: &mut Grid,
    start: usize,
) -> Option<Vec<LaidOut>> {
    // The cells written, each kept once; slots hold their indices.
    let mut cells: Vec<Cell> = Vec::new();
    // Per column: the cell spanning down (its index), and how many rows it has left (its
    // own row included until that row ends).
    let mut down: Vec<Option<(usize, usize)>> = Vec::new();
    let mut group = None;
    let mut out = Vec::with_capacity(rows.len());
    let empty: Rc<Rendered> = Rc::default();
    let mut over = false;
    for row in rows {
        if group != Some(row.group) {
            down.clear();
            group = Some(row.group);
        }
        let mut slots: Vec<Option<usize>> = down.iter().map(|d| d.map(|(_, c)| c)).collect();
        let mut x = 0;
        let first = row.cells.first().map_or(row.start, |w| w.cell.start);
        for written in row.cells {
            while slots.get(x).is_some_and(Option::is_some) {
                x += 1;
            }
            if x >= MAX_COLUMNS {
                break;
            }
            let columns = written.columns.min(MAX_COLUMNS - x);
            let mut cell = written.cell;
            cell.spanned |= columns > 1 || written.rows > 1;
            let index = cells.len();
            cells.push(cell);
            if slots.len() < x + columns {
                slots.resize(x + columns, None);
            }
            for k in x..x + columns {
                if let Some(slot) = slots.get_mut(k) {
                    if let Some(other) = slot.and_then(|o| cells.get_mut(o)) {
                        // Two cells in one slot: a table model error, ambiguous either way.
                        other.spanned = true;
                    } else {
                        *slot = Some(index);
                    }
                }
                if written.rows > 1 {
                    if down.len() <= k {
                        down.resize(k + 1, None);
                    }
                    if let Some(d) = down.get_mut(k) {
                        *d = Some((written.rows, index));
                    }
                }
            }
            x += columns;
        }
        for d in &mut down {
            if let Some((left, _)) = d {
                *left -= 1;
                if *left == 0 {
                    *d = None;
                }
            }
        }
        let count = slots.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
        // What the row repeats of spanning cells' text, read in each slot.
        let repeated: usize = slots
            .iter()
            .take(count)
            .flatten()
            .filter_map(|i| cells.get(*i))
            .filter(|c| c.spanned)
            .map(|c| c.text.plain.len() + c.text.marked.len())
            .sum();
        if !grid.take(count.max(1), repeated) {
            over = true;
            break;
        }
        out.push((slots, count, row.head, first, row.start));
    }
    if over {
        grid.over.get_or_insert(start);
        return None;
    }
    Some(
        out.into_iter()
            .map(|(slots, count, head, first, row_start)| {
                let row = slots
                    .into_iter()
                    .take(count)
                    .map(|slot| match slot.and_then(|i| cells.get(i)) {
                        Some(cell) => cell.clone(),
                        None => Cell {
                            text: empty.clone(),
                            start: row_start,
                            spanned: false,
                        },
                    })
                    .collect();
                (row, count, head, first)
            })
            .collect(),
    )
}

/// A table read: laid out on its grid, the first row in `<thead>` (or the first row) as
/// its header. `None` when it has no row.
pub(super) fn finish(table: Building, grid: &mut Grid) -> Option<Table> {
    let mut rows = lay_out(table.rows, grid, table.start)?;
    let head_at = rows.iter().position(|(_, _, head, _)| *head).unwrap_or(0);
    if head_at >= rows.len() {
        return None;
    }
    let head = rows.remove(head_at).0;
    let rows = rows
        .into_iter()
        .map(|(cells, count, _, first)| (cells, count, first))
        .collect();
    Some(Table {
        head,
        rows,
        start: table.start,
    })
}
