//! Real git repositories in temporary folders, made with git2, for the
//! git feature tests (no `git` executable needed).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use git2::{IndexAddOption, Oid, Repository, Signature, Time};
use tempfile::TempDir;

pub struct TestRepo {
    pub dir: TempDir,
    pub repo: Repository,
}

impl TestRepo {
    pub fn new() -> TestRepo {
        let dir = tempfile::tempdir().expect("temp folder");
        let repo = Repository::init(dir.path()).expect("git init");
        TestRepo { dir, repo }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file in the working tree only.
    pub fn write(&self, path: &str, text: &str) {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }

    /// Writes a file and stages it.
    pub fn write_staged(&self, path: &str, text: &str) {
        self.write(path, text);
        self.stage(path);
    }

    pub fn stage(&self, path: &str) {
        let mut index = self.repo.index().expect("index");
        index.add_path(Path::new(path)).expect("add");
        index.write().expect("write index");
    }

    /// Stages every file of the working tree (like `git add -A`).
    pub fn stage_all(&self) {
        let mut index = self.repo.index().expect("index");
        index
            .add_all(["*"], IndexAddOption::DEFAULT, None)
            .expect("add all");
        index.update_all(["*"], None).expect("update all");
        index.write().expect("write index");
    }

    /// `git rm --cached`: gone from the index, still in the working tree.
    pub fn unstage_delete(&self, path: &str) {
        let mut index = self.repo.index().expect("index");
        index.remove_path(Path::new(path)).expect("remove");
        index.write().expect("write index");
    }

    /// Commits the index as `author` at `day` (days after 2026-01-01, UTC noon).
    pub fn commit(&self, message: &str, author: &str, day: i64) -> Oid {
        let seconds = 1_767_225_600 + day * 86_400 + 12 * 3_600;
        let signature = Signature::new(
            author,
            &format!("{}@example.com", author.to_lowercase().replace(' ', ".")),
            &Time::new(seconds, 0),
        )
        .expect("signature");
        let mut index = self.repo.index().expect("index");
        let tree = self
            .repo
            .find_tree(index.write_tree().expect("write tree"))
            .expect("tree");
        let parents: Vec<git2::Commit> = self
            .repo
            .head()
            .ok()
            .and_then(|head| head.peel_to_commit().ok())
            .into_iter()
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(
                Some("HEAD"),
                &signature,
                &signature,
                message,
                &tree,
                &parents,
            )
            .expect("commit")
    }

    /// Commits `ours` on the current branch and `theirs` on a branch
    /// `other` (a file's new text, or None to delete it), both on top of
    /// HEAD (which must have a commit), then merges `other` as `git merge`
    /// does: files changed on both sides are left in conflict in the index,
    /// with conflict markers in the working tree.
    pub fn merge_with_conflicts(
        &self,
        ours: &[(&str, Option<&str>)],
        theirs: &[(&str, Option<&str>)],
    ) {
        let base = self
            .repo
            .head()
            .and_then(|head| head.peel_to_commit())
            .expect("a commit to branch from");
        self.apply(theirs);
        let signature = Signature::now("Bo", "bo@example.com").expect("signature");
        let mut index = self.repo.index().expect("index");
        let tree = self
            .repo
            .find_tree(index.write_tree().expect("tree"))
            .expect("tree");
        let other = self
            .repo
            .commit(
                Some("refs/heads/other"),
                &signature,
                &signature,
                "theirs",
                &tree,
                &[&base],
            )
            .expect("commit on other");
        // Back to the base on this branch, then our side.
        self.repo
            .reset(base.as_object(), git2::ResetType::Hard, None)
            .expect("reset");
        self.apply(ours);
        self.commit("ours", "Ana", 1);
        let annotated = self
            .repo
            .find_annotated_commit(other)
            .expect("annotated commit");
        let mut checkout = git2::build::CheckoutBuilder::new();
        checkout.allow_conflicts(true).conflict_style_merge(true);
        self.repo
            .merge(&[&annotated], None, Some(&mut checkout))
            .expect("merge");
        assert!(
            self.repo.index().expect("index").has_conflicts(),
            "the merge left conflicts"
        );
    }

    /// Writes and stages, or deletes and unstages, each file.
    fn apply(&self, changes: &[(&str, Option<&str>)]) {
        for (path, text) in changes {
            match text {
                Some(text) => self.write_staged(path, text),
                None => {
                    std::fs::remove_file(self.path().join(path)).expect("delete");
                    self.unstage_delete(path);
                }
            }
        }
    }

    pub fn tag(&self, name: &str) {
        let head = self
            .repo
            .head()
            .and_then(|head| head.peel(git2::ObjectType::Commit))
            .expect("head commit");
        self.repo.tag_lightweight(name, &head, false).expect("tag");
    }
}

/// Runs the real binary in `dir`.
pub fn planbook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planbook"))
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_DIR")
        .env("NO_COLOR", "1")
        .output()
        .expect("run planbook")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn binary_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_planbook"))
        .parent()
        .expect("binary folder")
        .to_path_buf()
}

pub const CONFIG: &str =
    "start = \"2026-01-05\"\n\n[people]\nana = { name = \"Ana\" }\nbo = { name = \"Bo\" }\n";

/// A clean task page.
pub fn task(owner: &str, duration: &str, depends_on: &[&str]) -> String {
    let depends = if depends_on.is_empty() {
        "start: 2026-01-05\n".to_string()
    } else {
        format!("depends_on: [{}]\n", depends_on.join(", "))
    };
    format!("---\nkind: task\nowner: {owner}\nduration: {duration}\n{depends}---\n\nWork.\n")
}

/// A task page with no owner: a `missing-owner` error.
pub fn ownerless_task() -> String {
    "---\nkind: task\nduration: 3d\nstart: 2026-01-05\n---\n\nWork.\n".to_string()
}
