//! The command line as users run it: real files, exact exit codes and output.

// Test code may index into JSON it has just checked the shape of.
#![allow(clippy::indexing_slicing)]

mod cases;
mod color;
mod completions;
mod container;
mod docs;
mod ecosystem;
mod fix;
mod formatters;
mod gate;
mod graph;
mod html;
mod markdown;
mod properties;
mod reports;
mod repository;
mod robustness;
mod runtime;
mod server;
mod support;
mod syntax;
mod workflows;
