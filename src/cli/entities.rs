//! `hamish entities list|add|import|export|link`: the project's entity registry from the
//! command line. `list` prints the registry (with `--json`, every field and the mention counts);
//! `add` adds one entity; `import` loads a registry file (`samples/sahel-entities.ron`, or one
//! written by `export`) into the project, merging by id or canonical name
//! ([`crate::model::Project::registry_import`]) and with `--link` linking every unlinked span
//! whose text names exactly one entity; `link` does that alone, with the registry the project
//! has; `export` writes the project's registry as a registry file. Changes go through
//! `Project::apply` and the atomic save, like every writing command.

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::annotate::{AliasIndex, LinkSuggestion, Scope, accept_suggestions, suggest_links};
use crate::format::registry::{read_registry, write_registry};
use crate::model::{Edit, Entity, EntityId, EntityKind, Project, Timestamp};

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    #[command(subcommand)]
    pub command: EntitiesCommand,
}

#[derive(Debug, Subcommand)]
pub enum EntitiesCommand {
    /// Print the registry: id, kind, names, mentions, aliases.
    List(ListArgs),
    /// Add one entity to the registry.
    Add(AddArgs),
    /// Load a registry file into PROJECT, merging entities it already has.
    Import(ImportArgs),
    /// Write PROJECT's registry as a registry file.
    Export(ExportArgs),
    /// Link every unlinked span whose text names exactly one entity of the registry.
    Link(LinkArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    pub project: PathBuf,
    /// Only entities of this kind (group, place, other).
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<EntityKind>,
    /// Print JSON: every field of each entity, its mentions and documents.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The project file; it is rewritten atomically.
    pub project: PathBuf,
    /// group, place or other.
    #[arg(long, value_parser = parse_kind)]
    pub kind: EntityKind,
    /// The canonical name in Arabic script.
    #[arg(long, default_value = "")]
    pub ar: String,
    /// The canonical name in Latin script.
    #[arg(long, default_value = "")]
    pub latin: String,
    /// The id (ASCII letters, digits, - _ .); default: made from the Latin name, else random.
    #[arg(long)]
    pub id: Option<String>,
    /// Another spelling, acronym or short form; repeat for more.
    #[arg(long = "alias")]
    pub aliases: Vec<String>,
    /// For a group: the id of the group it is a branch of.
    #[arg(long)]
    pub parent: Option<String>,
    /// The id of the entity it succeeded.
    #[arg(long)]
    pub predecessor: Option<String>,
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The project file; it is rewritten atomically.
    pub project: PathBuf,
    /// A registry file (`.entities.ron`), e.g. samples/sahel-entities.ron.
    pub file: PathBuf,
    /// Then link every unlinked group, place or other span whose text names exactly one
    /// entity (through folding and proclitics); ambiguous ones are listed, not linked.
    #[arg(long)]
    pub link: bool,
    /// Say what would change without writing the project.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub project: PathBuf,
    /// The registry file to write (replaced atomically).
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The project file; it is rewritten atomically.
    pub project: PathBuf,
    /// Say what would be linked without writing the project.
    #[arg(long)]
    pub dry_run: bool,
}

fn parse_kind(s: &str) -> Result<EntityKind, String> {
    EntityKind::parse(s).ok_or_else(|| format!("{s:?} is not a kind: group, place or other"))
}

pub fn run(args: EntitiesArgs) -> Result<ExitCode> {
    match args.command {
        EntitiesCommand::List(args) => list(args),
        EntitiesCommand::Add(args) => add(args),
        EntitiesCommand::Import(args) => import(args),
        EntitiesCommand::Export(args) => export(args),
        EntitiesCommand::Link(args) => link_command(args),
    }
}

/// One entity as `list --json` prints it.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    entity: &'a Entity,
    mentions: usize,
    documents: usize,
}

/// Linked spans and the documents they are in, per entity.
fn mention_counts(project: &Project) -> BTreeMap<&EntityId, (usize, BTreeSet<usize>)> {
    let mut out: BTreeMap<&EntityId, (usize, BTreeSet<usize>)> = BTreeMap::new();
    for (d, doc) in project.documents().iter().enumerate() {
        for id in doc.spans().iter().filter_map(|s| s.entity.as_ref()) {
            let entry = out.entry(id).or_default();
            entry.0 += 1;
            entry.1.insert(d);
        }
    }
    out
}

fn list(args: ListArgs) -> Result<ExitCode> {
    let project = super::load_valid(&args.project)?;
    let counts = mention_counts(&project);
    let listed: Vec<Listed> = project
        .entities()
        .iter()
        .filter(|e| args.kind.is_none_or(|k| e.kind == k))
        .map(|entity| {
            let (mentions, docs) = counts.get(&entity.id).cloned().unwrap_or_default();
            Listed {
                entity,
                mentions,
                documents: docs.len(),
            }
        })
        .collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&listed)?);
        return Ok(ExitCode::SUCCESS);
    }
    // id<TAB>kind<TAB>Latin name<TAB>Arabic name<TAB>mentions<TAB>aliases, joined by " | "
    for l in &listed {
        let e = l.entity;
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            e.id,
            e.kind,
            e.name_latin,
            e.name_ar,
            l.mentions,
            e.aliases.join(" | ")
        );
    }
    println!(
        "{} entit{}",
        listed.len(),
        if listed.len() == 1 { "y" } else { "ies" }
    );
    Ok(ExitCode::SUCCESS)
}

fn add(args: AddArgs) -> Result<ExitCode> {
    let mut project = super::load_valid(&args.project)?;
    if args.ar.trim().is_empty() && args.latin.trim().is_empty() {
        bail!("give the entity a name: --ar, --latin or both");
    }
    let id = match &args.id {
        Some(id) => EntityId::new(id.trim()),
        None => EntityId::slug(&args.latin)
            .filter(|id| project.entity(id).is_none())
            .unwrap_or_else(EntityId::random),
    };
    let mut entity = Entity::new(id.clone(), args.kind, args.ar.trim(), args.latin.trim());
    for alias in &args.aliases {
        entity.add_alias(alias);
    }
    entity.parent = args.parent.as_deref().map(|p| EntityId::new(p.trim()));
    entity.predecessor = args.predecessor.as_deref().map(|p| EntityId::new(p.trim()));
    entity.note = args.note.trim().to_owned();
    project
        .apply(Edit::AddEntity { entity }, &Timestamp::now())
        .with_context(|| format!("adding entity {id} to {}", args.project.display()))?;
    super::save(&args.project, &project)?;
    println!("added entity {id} to {}", args.project.display());
    Ok(ExitCode::SUCCESS)
}

fn import(args: ImportArgs) -> Result<ExitCode> {
    let mut project = super::load_valid(&args.project)?;
    let incoming = read_registry(&args.file)?;
    let import = project
        .registry_import(&incoming)
        .with_context(|| format!("importing {}", args.file.display()))?;
    for (file, ours) in &import.matched_by_name {
        println!("matched\t{file}\t{ours}");
    }
    println!(
        "{} added, {} updated, {} unchanged",
        import.added.len(),
        import.updated.len(),
        import.unchanged.len()
    );
    let now = Timestamp::now();
    let mut changed = import.changes_anything();
    if changed {
        project
            .apply(import.edit, &now)
            .with_context(|| format!("importing {}", args.file.display()))?;
    }
    if args.link {
        changed |= link_unambiguous(&mut project, &now)? > 0;
    }
    if args.dry_run {
        println!("dry run: {} unchanged", args.project.display());
        return Ok(ExitCode::SUCCESS);
    }
    if changed {
        super::save(&args.project, &project)?;
    }
    println!(
        "{} now has {} entities",
        args.project.display(),
        project.entities().len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Link every unlinked span whose text names one entity; print the ambiguous ones and the
/// count. Returns how many were linked.
fn link_unambiguous(project: &mut Project, now: &Timestamp) -> Result<usize> {
    let index = AliasIndex::of(project);
    let suggestions = suggest_links(project, &index, &Scope::All);
    for s in &suggestions {
        if let LinkSuggestion::Ambiguous(ids) = &s.suggestion {
            let text = project
                .document(&s.doc)
                .and_then(|d| d.span(s.span))
                .map_or("", |span| span.text());
            let ids: Vec<&str> = ids.iter().map(EntityId::as_str).collect();
            // ambiguous<TAB>document<TAB>span<TAB>text<TAB>entity ids
            println!(
                "ambiguous\t{}\t{}\t{text}\t{}",
                s.doc,
                s.span,
                ids.join(",")
            );
        }
    }
    let edit = accept_suggestions(&suggestions);
    let links = match &edit {
        Edit::Batch { edits } => edits.len(),
        _ => 1,
    };
    if links > 0 {
        project
            .apply(edit, now)
            .context("linking spans to the registry")?;
    }
    println!("{links} span(s) linked");
    Ok(links)
}

fn link_command(args: LinkArgs) -> Result<ExitCode> {
    let mut project = super::load_valid(&args.project)?;
    let linked = link_unambiguous(&mut project, &Timestamp::now())?;
    if args.dry_run {
        println!("dry run: {} unchanged", args.project.display());
    } else if linked > 0 {
        super::save(&args.project, &project)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn export(args: ExportArgs) -> Result<ExitCode> {
    let project = super::load_valid(&args.project)?;
    write_registry(&args.out, project.entities())?;
    println!(
        "wrote {} entities to {}",
        project.entities().len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
