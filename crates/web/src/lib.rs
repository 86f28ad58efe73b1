//! vertelpunt-web: the actix-web application.
//!
//! One module per area; every route is wired in [`routes`]. Handlers never block a worker:
//! database work runs in `web::block` or on the story writer thread. Pages are tera templates
//! with every string from the locale files; responses carry a strict Content-Security-Policy,
//! and the request log never contains IP addresses or user agents (tellers are anonymous).

pub mod account;
pub mod accounts;
pub mod api;
pub mod auth;
pub mod cards;
pub mod catalog;
pub mod client;
pub mod dashboard;
pub mod error;
pub mod evaluations;
pub mod export;
pub mod health;
pub mod i18n;
pub mod import;
pub mod jobs;
pub mod live;
pub mod pages;
pub mod pattern_runs;
pub mod permissions;
pub mod ratelimit;
pub mod reading;
pub mod review;
pub mod routes;
pub(crate) mod scope;
pub mod security;
pub mod selection_form;
pub mod server;
pub mod sessions;
pub mod start;
pub mod state;
pub mod static_files;
pub mod templates;
pub mod token;
pub mod unknown_accounts;
pub mod vertelpunt;
pub mod verteltafel;
pub mod writer;

pub use server::{run, ServerHandle};
pub use state::{AppState, WebOptions};

#[cfg(test)]
mod layout {
    //! The modules of this crate (and of the store) import each other in one direction only:
    //! no circle, so each can be read and changed starting from the ones it uses.

    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// Top-level module → the top-level modules its code names (`crate::name`), comments and
    /// tests left out.
    fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
        let mut files: BTreeMap<String, Vec<std::path::PathBuf>> = BTreeMap::new();
        for entry in std::fs::read_dir(src).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            if name == "lib" || name == "main" {
                continue;
            }
            let mut found = Vec::new();
            let mut stack = vec![path.clone()];
            while let Some(p) = stack.pop() {
                if p.is_dir() {
                    stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
                } else if p.extension().is_some_and(|e| e == "rs") {
                    found.push(p);
                }
            }
            files.entry(name).or_default().extend(found);
        }
        let names: BTreeSet<String> = files.keys().cloned().collect();
        files
            .iter()
            .map(|(name, paths)| {
                let mut uses = BTreeSet::new();
                for path in paths {
                    let text = std::fs::read_to_string(path).unwrap();
                    let code: String = text
                        .split("#[cfg(test)]")
                        .next()
                        .unwrap()
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("//"))
                        .collect::<Vec<_>>()
                        .join("\n");
                    for (i, _) in code.match_indices("crate::") {
                        let rest = &code[i + "crate::".len()..];
                        // `crate::{a, b::c}` names several.
                        let named: Vec<&str> = match rest.strip_prefix('{') {
                            Some(group) => group
                                .split('}')
                                .next()
                                .unwrap()
                                .split(',')
                                .map(|p| p.trim().split("::").next().unwrap())
                                .collect(),
                            None => vec![rest
                                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                                .next()
                                .unwrap()],
                        };
                        uses.extend(
                            named
                                .into_iter()
                                .filter(|n| *n != name && names.contains(*n))
                                .map(str::to_string),
                        );
                    }
                }
                (name.clone(), uses)
            })
            .collect()
    }

    /// A circle of imports, if there is one.
    fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
        fn visit(
            graph: &BTreeMap<String, BTreeSet<String>>,
            node: &str,
            path: &mut Vec<String>,
            done: &mut BTreeSet<String>,
        ) -> Option<Vec<String>> {
            if let Some(start) = path.iter().position(|p| p == node) {
                let mut found = path[start..].to_vec();
                found.push(node.to_string());
                return Some(found);
            }
            if done.contains(node) {
                return None;
            }
            path.push(node.to_string());
            for next in graph.get(node).into_iter().flatten() {
                if let Some(found) = visit(graph, next, path, done) {
                    return Some(found);
                }
            }
            path.pop();
            done.insert(node.to_string());
            None
        }
        let mut done = BTreeSet::new();
        graph
            .keys()
            .find_map(|node| visit(graph, node, &mut Vec::new(), &mut done))
    }

    #[test]
    fn no_module_of_the_web_crate_or_the_store_imports_one_that_imports_it() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for src in [root.join("src"), root.join("../store/src")] {
            let graph = imports(&src);
            assert!(graph.len() > 10, "{}: read {graph:?}", src.display());
            if let Some(found) = circle(&graph) {
                panic!("{}: {}", src.display(), found.join(" → "));
            }
        }
        // The check finds a circle when there is one.
        let mut looped = BTreeMap::new();
        looped.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
        looped.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
        assert_eq!(circle(&looped).unwrap(), ["a", "b", "a"]);
    }
}
