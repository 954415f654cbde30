//! One runtime file read as a stream: its first bytes tell JSON (a file that starts with
//! `{`, which kubectl reads as JSON) from YAML ([`super::stream`], cut as kubectl cuts
//! it); each value read whole — a document, or a list's item — is read into workloads at
//! once and let go of, with the lines a report may point at kept ([`Kept`]).

use std::io::{BufRead, Cursor, Read};

use super::super::decode::Decoder;
use super::super::tree::{Node, Ready};
use super::kept::Kept;
use super::{
    Deployment, Format, MAX_UNIT_BYTES, Options, Platform, compose, errors, json, kubernetes,
    merge, recognise, stream, unread, unrecognised,
};
use crate::error::{InputError, Problem, ProblemKind, thousands};
use crate::source::{Source, Span};

/// Most problems gathered from one file before reading stops: the input fails whatever
/// follows.
const MAX_PROBLEMS: usize = 1_000;

/// Most resources (documents and list items) read from one file: what the gate keeps of
/// each (its workload, its name for the duplicate check) is memory, and no release or
/// cluster dump of workloads comes near (20,000 pods are about 20,000 resources).
pub(super) const MAX_RESOURCES: usize = 200_000;

/// How far kubectl looks for the `{` that makes a file JSON: its first 4,096 bytes. A file
/// whose first value starts later is YAML to it, and so to the gate.
const JSON_SNIFF: usize = 4096;

/// A file that could not be read, with what was kept of its text.
pub(super) type Unread = Box<(InputError, Option<Source>)>;

/// Reads file `name` (index `file` of its deployment) from `input`, of `format` or of the
/// format its content gives away, into `out` (made when the file is the first). Returns
/// what is kept of its text, and whether it is an activation manifest (to be decoded from
/// that text).
pub(super) fn read(
    name: &str,
    input: &mut dyn BufRead,
    format: Option<Format>,
    options: &Options,
    file: usize,
    out: &mut Option<Deployment>,
    whole_limit: usize,
) -> Result<(Source, bool), Unread> {
    let fail = |problem: Problem| Box::new((InputError::one(name, problem), None));
    let mut head = Vec::new();
    let _ = input
        .take(4)
        .read_to_end(&mut head)
        .map_err(|e| fail(unreadable(&e)))?;
    if let Some(encoding) = super::super::wide_encoding(&head) {
        return Err(fail(super::super::wide_problem(encoding)));
    }
    if head.starts_with(b"\xef\xbb\xbf") {
        head.drain(..3);
    }
    // White space up to the first value, which tells JSON from YAML.
    let first = loop {
        if let Some(&b) = head.iter().find(|b| !b.is_ascii_whitespace()) {
            break Some(b);
        }
        if head.len() >= JSON_SNIFF {
            break None;
        }
        let read = input
            .take(u64::try_from(JSON_SNIFF - head.len()).unwrap_or(0))
            .read_to_end(&mut head)
            .map_err(|e| fail(unreadable(&e)))?;
        if read == 0 {
            return Err(fail(
                Problem::whole(ProblemKind::Unreadable, "the file is empty")
                    .help(super::super::RUNTIME_FILE.empty),
            ));
        }
    };
    let mut input = Cursor::new(head).chain(input);
    let mut kept = Kept::new(whole_limit);
    let mut reader = Reader {
        format,
        by_item: false,
        options,
        file,
        out,
        decoder: Decoder::default(),
        problems: Vec::new(),
        documents: 0,
        manifest: false,
        resources: 0,
    };
    let reading = match format {
        None | Some(Format::Kubernetes) => unread::STREAMED,
        Some(_) => unread::READING,
    };
    let json = first == Some(b'{') && !matches!(format, Some(Format::Compose));
    let mut take = |ready: Ready, kept: &mut Kept| reader.take(ready, kept);
    let read = if json {
        json::read(&mut input, &reading, &mut kept, &mut take, MAX_UNIT_BYTES)
    } else {
        stream::read(&mut input, &reading, &mut kept, &mut take, MAX_UNIT_BYTES)
    };
    let mut problems = std::mem::take(&mut reader.problems);
    // The decoder's problems with the count of those past its cap, and the reader's own
    // (refused merge keys, a Compose file's), within the one cap.
    problems.append(&mut std::mem::take(&mut reader.decoder).into_problems());
    let mut problems = super::super::decode::capped(problems);
    if let Err(problem) = read {
        if let Some(span) = problem.span {
            kept.want(span);
        }
        problems.push(problem);
    }
    let manifest = reader.manifest;
    let source = kept.finish(name.to_owned());
    if problems.is_empty() {
        Ok((source, manifest))
    } else {
        Err(Box::new((errors(&source, problems), Some(source))))
    }
}

fn unreadable(e: &std::io::Error) -> Problem {
    Problem::whole(
        ProblemKind::Unreadable,
        format!("cannot read the input: {e}"),
    )
    .help("check that the file can be read")
}

/// What reads each value as it is read whole.
struct Reader<'a> {
    /// The format, once known.
    format: Option<Format>,
    /// Whether the format was told by a list's item, before its document was whole.
    by_item: bool,
    options: &'a Options,
    file: usize,
    out: &'a mut Option<Deployment>,
    decoder: Decoder,
    /// Problems that stop the reading of a value (merge keys, a second Compose document).
    problems: Vec<Problem>,
    /// Documents read.
    documents: usize,
    /// Whether the file is an activation manifest.
    manifest: bool,
    /// Resources read.
    resources: usize,
}

impl Reader<'_> {
    fn take(&mut self, ready: Ready, kept: &mut Kept) -> Result<(), Problem> {
        self.resources += 1;
        if self.resources > MAX_RESOURCES {
            return Err(Problem::limit(
                ready.node.span,
                format!(
                    "more than {} resources in one file, over the limit",
                    thousands(MAX_RESOURCES)
                ),
            )
            .help("check the release's or the cluster's workloads only (`kubectl get pods,deploy,sts,ds,job,cronjob`), or split the file"));
        }
        let format = match self.format {
            Some(format) => {
                // A list read item by item is Kubernetes to kubectl; its document must say
                // so too, or what it is cannot be told.
                if self.by_item && !ready.item && recognise(&ready.node) != Some(format) {
                    return Err(unrecognised(&ready.node));
                }
                format
            }
            None if ready.item => {
                self.by_item = true;
                Format::Kubernetes
            }
            None => recognise(&ready.node).ok_or_else(|| unrecognised(&ready.node))?,
        };
        self.format = Some(format);
        if !ready.item {
            self.documents += 1;
        }
        match format {
            Format::Manifest => {
                self.manifest = true;
                Ok(())
            }
            Format::Kubernetes => self.kubernetes(&ready.node, ready.item, kept),
            Format::Compose => self.compose(ready.node, kept),
        }?;
        if self.problems.len() + self.decoder.found() > MAX_PROBLEMS {
            return Err(Problem::whole(
                ProblemKind::Limit,
                format!("more than {MAX_PROBLEMS} problems: the rest of the file is not read"),
            )
            .help("check that this is the right file"));
        }
        Ok(())
    }

    fn deployment(&mut self, platform: Platform) -> &mut Deployment {
        let mapping = &self.options.mapping;
        self.out
            .get_or_insert_with(|| Deployment::new(platform, mapping))
    }

    fn kubernetes(&mut self, node: &Node, item: bool, kept: &mut Kept) -> Result<(), Problem> {
        let mut refused = Vec::new();
        merge::refuse(node, &mut refused);
        let problems_before = self.decoder.problems.len();
        let file = self.file;
        let options = self.options;
        let deployment = self
            .out
            .get_or_insert_with(|| Deployment::new(Platform::Kubernetes, &options.mapping));
        let workloads_before = deployment.workloads.len();
        if refused.is_empty() {
            let level = if item {
                kubernetes::Level::Item
            } else {
                kubernetes::Level::Document
            };
            kubernetes::resource(
                &mut self.decoder,
                node,
                level,
                file,
                &options.mapping,
                deployment,
            );
        }
        want_workloads(deployment, workloads_before, kept);
        for span in deployment.links.take_recent() {
            kept.want(span);
        }
        for problem in refused
            .iter()
            .chain(self.decoder.problems.iter().skip(problems_before))
        {
            if let Some(span) = problem.span {
                kept.want(span);
            }
        }
        self.problems.append(&mut refused);
        Ok(())
    }

    fn compose(&mut self, mut node: Node, kept: &mut Kept) -> Result<(), Problem> {
        if self.documents > 1 {
            return Err(Problem::invalid(
                node.span,
                "a Compose file is one YAML document, this one has several",
            )
            .help("remove the second `---` and what follows it, or check that this is the Compose file"));
        }
        let mut problems = merge::apply(&mut node);
        let file = self.file;
        let options = self.options;
        let deployment = self.deployment(Platform::Compose);
        let before = deployment.workloads.len();
        if problems.is_empty() {
            problems = compose::read(&node, file, options, deployment);
        }
        want_workloads(deployment, before, kept);
        for problem in &problems {
            if let Some(span) = problem.span {
                kept.want(span);
            }
        }
        self.problems.append(&mut problems);
        Ok(())
    }
}

/// Keeps the lines of every place of the workloads from `from` on.
fn want_workloads(deployment: &Deployment, from: usize, kept: &mut Kept) {
    for w in deployment.workloads.iter().skip(from) {
        let mut spans: Vec<Span> = vec![w.kind.span, w.name.span, w.evidence.span];
        if let super::Owner::Module { id, .. } = &w.owner {
            spans.push(id.span);
        }
        for span in spans {
            kept.want(span);
        }
    }
}
