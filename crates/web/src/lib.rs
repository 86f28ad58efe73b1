//! vertelpunt-web: the actix-web application.
//!
//! The crate is laid out by area: [`support`] holds what every area uses (the application
//! state, pages and their errors, sign-in and permissions, forms, jobs, live boards), and
//! depends on no area; [`public`] is what tellers see, [`staff`] what signed-in staff (and
//! session participants) use, [`api`] the JSON API. Each area lists its own routes in its
//! `configure`; [`routes`] puts them together. Handlers never block a worker:
//! database work runs in `web::block` or on the story writer thread. Pages are tera templates
//! with every string from the locale files; responses carry a strict Content-Security-Policy,
//! and the request log never contains IP addresses or user agents (tellers are anonymous).

pub(crate) mod api;
pub(crate) mod public;
pub(crate) mod routes;
pub mod server;
pub(crate) mod staff;
pub mod support;

pub use server::{run, ServerHandle};
pub use support::state::{AppState, WebOptions};

#[cfg(test)]
mod layout {
    //! The modules of this crate (and of the store) import each other in one direction only:
    //! no circle, so each can be read and changed starting from the ones it uses.

    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// The areas whose modules are each a node of their own (`support::pages`).
    const AREAS: [&str; 3] = ["support", "public", "staff"];

    /// Every `.rs` file under `path` (itself, if it is one).
    fn files_under(path: &Path) -> Vec<std::path::PathBuf> {
        let mut found = Vec::new();
        let mut stack = vec![path.to_path_buf()];
        while let Some(p) = stack.pop() {
            if p.is_dir() {
                stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            } else if p.extension().is_some_and(|e| e == "rs") {
                found.push(p);
            }
        }
        found
    }

    /// Module → the modules its code names (`crate::name`, or `crate::area::name` for the
    /// modules of an area), comments and tests left out. An area's own `mod.rs` is the node
    /// `area`.
    fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
        let mut files: BTreeMap<String, Vec<std::path::PathBuf>> = BTreeMap::new();
        for entry in std::fs::read_dir(src).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            if name == "lib" || name == "main" {
                continue;
            }
            if AREAS.contains(&name.as_str()) && path.is_dir() {
                for child in std::fs::read_dir(&path).unwrap() {
                    let child = child.unwrap().path();
                    let stem = child.file_stem().unwrap().to_string_lossy().to_string();
                    let node = if stem == "mod" {
                        name.clone()
                    } else {
                        format!("{name}::{stem}")
                    };
                    files.entry(node).or_default().extend(files_under(&child));
                }
            } else {
                files.entry(name).or_default().extend(files_under(&path));
            }
        }
        let names: BTreeSet<String> = files.keys().cloned().collect();
        // The node a path after `crate::` names: `support::pages::X` is `support::pages`.
        let node_of = |path: &str| -> Option<String> {
            let mut parts = path.split("::").map(str::trim);
            let first = parts.next()?;
            let node = match parts.next() {
                Some(second) if AREAS.contains(&first) => format!("{first}::{second}"),
                _ => first.to_string(),
            };
            names.contains(&node).then_some(node)
        };
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
                        .join(" ");
                    for (i, _) in code.match_indices("crate::") {
                        let rest = &code[i + "crate::".len()..];
                        let path: String = rest
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                            .collect();
                        let path = path.trim_end_matches(':');
                        // `crate::area::{a, b}` and `crate::{a, b}` name several.
                        let after = &rest[path.len()..].trim_start_matches(':');
                        let group: Vec<String> = match after.strip_prefix('{') {
                            Some(g) => g
                                .split('}')
                                .next()
                                .unwrap()
                                .split(',')
                                .map(|p| {
                                    let p = p.trim();
                                    if path.is_empty() {
                                        p.to_string()
                                    } else {
                                        format!("{path}::{p}")
                                    }
                                })
                                .collect(),
                            None => vec![path.to_string()],
                        };
                        uses.extend(
                            group
                                .iter()
                                .filter_map(|p| node_of(p))
                                .filter(|n| n != name),
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
        // The areas stand on `support`, which names none of them.
        let web = imports(&root.join("src"));
        assert!(web["staff::cards"].contains("support::pages"), "{web:?}");
        for (node, uses) in web.iter().filter(|(n, _)| n.starts_with("support::")) {
            let areas: Vec<&String> = uses
                .iter()
                .filter(|u| !u.starts_with("support::"))
                .collect();
            assert!(areas.is_empty(), "{node} uses {areas:?}");
        }
        // The check finds a circle when there is one.
        let mut looped = BTreeMap::new();
        looped.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
        looped.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
        assert_eq!(circle(&looped).unwrap(), ["a", "b", "a"]);
    }
}
