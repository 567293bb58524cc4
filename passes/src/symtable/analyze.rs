//! The second pass of symtable.c (`symtable_analyze`): resolves every name of every block to a
//! scope, top-down passing the names bound and declared global in enclosing blocks, bottom-up
//! collecting the free names of children (which turn enclosing locals into cells, and a class's
//! `__class__` use into its implicit closure cell).

use super::visit::syntax_error;
use super::*;
use pyrite_ir::fxhash::FxSet;
use std::sync::Arc;

/// Names are the scopes' own [`Arc<str>`]s: passing sets down and up copies no name.
type Set = FxSet<Arc<str>>;

struct Ctx<'a> {
    path: &'a str,
}

pub(super) fn analyze(table: &mut SymbolTable, path: &str) -> Result<(), Diagnostic> {
    let mut free = Set::default();
    let mut global = Set::default();
    Ctx { path }.block(&mut table.entries, 0, None, &mut free, &mut global)
}

impl Ctx<'_> {
    /// The error of a `global`/`nonlocal` misuse, placed at the (first) directive for `name`.
    fn at_directive(&self, e: &Entry, name: &str, msg: String) -> Diagnostic {
        let loc = e.directives.iter().find(|(n, _)| &**n == name).map(|d| d.1).unwrap_or_default();
        syntax_error(self.path, msg, loc)
    }

    #[allow(clippy::too_many_arguments)]
    /// `analyze_name`: the scope of `name`, recording it in the sets.
    fn name(
        &self,
        e: &mut Entry,
        name: &Arc<str>,
        flags: u32,
        bound: Option<&mut Set>,
        local: &mut Set,
        free: &mut Set,
        global: &mut Set,
    ) -> Result<Scope, Diagnostic> {
        if flags & DEF_GLOBAL != 0 {
            if flags & DEF_NONLOCAL != 0 {
                return Err(self.at_directive(e, name, format!("name '{name}' is nonlocal and global")));
            }
            global.insert(name.clone());
            if let Some(b) = bound {
                b.remove(name);
            }
            return Ok(Scope::GlobalExplicit);
        }
        if flags & DEF_NONLOCAL != 0 {
            let Some(b) = bound else {
                return Err(self.at_directive(
                    e,
                    name,
                    "nonlocal declaration not allowed at module level".into(),
                ));
            };
            if !b.contains(name) {
                return Err(self.at_directive(e, name, format!("no binding for nonlocal '{name}' found")));
            }
            e.free = true;
            free.insert(name.clone());
            return Ok(Scope::Free);
        }
        if flags & DEF_BOUND != 0 {
            local.insert(name.clone());
            global.remove(name);
            return Ok(Scope::Local);
        }
        // Bound in an enclosing function: free here (a non-empty `bound` implies nesting).
        if bound.is_some_and(|b| b.contains(name)) {
            e.free = true;
            free.insert(name.clone());
            return Ok(Scope::Free);
        }
        if global.contains(name) {
            return Ok(Scope::GlobalImplicit);
        }
        if e.nested {
            e.free = true;
        }
        Ok(Scope::GlobalImplicit)
    }

    fn block(
        &self,
        entries: &mut [Entry],
        idx: usize,
        mut bound: Option<&mut Set>,
        free: &mut Set,
        global: &mut Set,
    ) -> Result<(), Diagnostic> {
        let kind = entries[idx].kind;
        let mut local = Set::default();
        let mut newglobal = Set::default();
        let mut newfree = Set::default();
        let mut newbound = Set::default();

        // A class body's names are not visible in its methods: what they see is decided before
        // the class's own names are analysed.
        if kind == BlockKind::Class {
            newglobal.extend(global.iter().cloned());
            if let Some(b) = bound.as_deref() {
                newbound.extend(b.iter().cloned());
            }
        }

        // Each symbol's scope, by its position in the scope's symbols.
        let mut scopes: Vec<Scope> = Vec::with_capacity(entries[idx].symbols.len());
        {
            let e = &mut entries[idx];
            for i in 0..e.symbols.len() {
                let (name, flags) = e.symbols.entries[i].clone();
                scopes.push(self.name(e, &name, flags, bound.as_deref_mut(), &mut local, free, global)?);
            }
        }

        if kind != BlockKind::Class {
            if kind == BlockKind::Function {
                newbound.extend(local.iter().cloned());
            }
            if let Some(b) = bound.as_deref() {
                newbound.extend(b.iter().cloned());
            }
            newglobal.extend(global.iter().cloned());
        } else {
            newbound.insert("__class__".into());
        }

        let mut allfree = Set::default();
        let children = std::mem::take(&mut entries[idx].children);
        let mut child_free = false;
        for &c in &children {
            // Each child works on its own copies of the visible names.
            let mut temp_bound = newbound.clone();
            let mut temp_free = newfree.clone();
            let mut temp_global = newglobal.clone();
            let r = self.block(entries, c, Some(&mut temp_bound), &mut temp_free, &mut temp_global);
            if let Err(err) = r {
                entries[idx].children = children;
                return Err(err);
            }
            allfree.extend(temp_free);
            if entries[c].free || entries[c].child_free {
                child_free = true;
            }
        }
        let e = &mut entries[idx];
        e.children = children;
        e.child_free |= child_free;
        newfree.extend(allfree);

        match kind {
            BlockKind::Function => {
                // Locals that children use freely become cells.
                for (scope, (name, _)) in scopes.iter_mut().zip(&e.symbols.entries) {
                    if *scope == Scope::Local && newfree.remove(name) {
                        *scope = Scope::Cell;
                    }
                }
            }
            BlockKind::Class if newfree.remove("__class__") => e.needs_class_closure = true,
            _ => {}
        }

        // update_symbols: record scopes, then the children's free names not resolved here.
        for ((_, flags), s) in e.symbols.entries.iter_mut().zip(&scopes) {
            *flags |= (*s as u32) << SCOPE_OFFSET;
        }
        let is_class = kind == BlockKind::Class;
        let mut propagated: Vec<&Arc<str>> = Vec::new();
        for name in &newfree {
            if let Some(v) = e.symbols.get(name) {
                // A method's free name that the class body also binds or declares global.
                if is_class && v & (DEF_BOUND | DEF_GLOBAL) != 0 {
                    e.symbols.set(name, v | DEF_FREE_CLASS);
                }
                continue;
            }
            if bound.as_deref().is_some_and(|b| !b.contains(name)) {
                continue; // a global
            }
            propagated.push(name);
        }
        // CPython appends these in set-iteration order (hash dependent); sorting keeps pyrite
        // deterministic. Only the dump's (sorted) view of the order is compared.
        propagated.sort_unstable();
        for name in propagated {
            e.symbols.set_shared(name, (Scope::Free as u32) << SCOPE_OFFSET);
        }
        free.extend(newfree);
        Ok(())
    }
}
