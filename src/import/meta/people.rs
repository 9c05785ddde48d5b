//! The people of an export: the owner (inferred where no profile file names them),
//! the parties of conversations, and the stubs of accounts met in passing.

use super::*;

impl Meta {
    /// When no profile names the Facebook owner, the one party named in every inbox
    /// thread is the owner (a Page's own export has no profile file; the Page takes
    /// part in each of its conversations). Runs once, after the threads and before
    /// any record needs the owner's id; the report says what was inferred.
    pub(super) fn infer_owner(&mut self, cx: &mut Context) {
        if self.inferred || self.thread_parties.is_empty() {
            return;
        }
        self.inferred = true;
        let net = Net::Facebook;
        if self.owners[net.idx()].native.is_some() || self.owners[net.idx()].name.is_some() {
            return;
        }
        let mut threads = self.thread_parties.values();
        let Some(first) = threads.next() else {
            return;
        };
        let mut common: BTreeSet<String> = first.clone();
        for t in threads {
            common.retain(|n| t.contains(n));
        }
        let n = self.thread_parties.len();
        let mut names = common.into_iter();
        let (Some(name), None) = (names.next(), names.next()) else {
            return;
        };
        if self.owner_used.get() & (1 << net.idx()) != 0 {
            cx.report.warn(format!(
                "{name:?} takes part in every one of the {n} inbox threads and may be the owner, but records were already written for an unnamed owner; no profile file names the owner"
            ));
            return;
        }
        let o = &mut self.owners[net.idx()];
        o.native = Some(format!("name/{name}"));
        o.name = Some(name.clone());
        cx.report.warn(format!(
            "no profile file names the owner: {name:?}, the one party named in every one of the {n} inbox threads, is taken as the owner"
        ));
    }

    /// The account of a thread's participant known by display name; one the export
    /// does not name is a distinct account of that conversation, marked unnamed.
    pub(super) fn party(
        &mut self,
        net: Net,
        name: &str,
        conv_native: &str,
        src: &Source,
    ) -> String {
        let name = name.trim();
        if !name.is_empty() {
            return self.person(net, name, src);
        }
        let id = record_id(net.name(), Kind::Account, &format!("unnamed/{conv_native}"));
        self.stubs.entry(id.clone()).or_insert_with(|| Stub {
            network: net.name(),
            source: src.clone(),
            unnamed: Some(conv_native.to_string()),
            ..Stub::default()
        });
        id
    }

    /// The account of a person known by display name.
    pub(super) fn person(&mut self, net: Net, name: &str, src: &Source) -> String {
        let name = name.trim();
        if name.is_empty() {
            // a message or reaction whose author the file does not name
            let id = record_id(net.name(), Kind::Account, "name/unknown");
            self.stubs.entry(id.clone()).or_insert_with(|| Stub {
                network: net.name(),
                source: src.clone(),
                ..Stub::default()
            });
            return id;
        }
        if self.owner_name(net) == Some(name) {
            return self.owner_id(net);
        }
        let id = record_id(net.name(), Kind::Account, &format!("name/{name}"));
        self.stubs.entry(id.clone()).or_insert_with(|| Stub {
            network: net.name(),
            display_name: Some(name.to_string()),
            source: src.clone(),
            ..Stub::default()
        });
        id
    }

    /// The account of an Instagram or Threads username.
    pub(super) fn user(
        &mut self,
        net: Net,
        username: &str,
        display: Option<&str>,
        src: &Source,
    ) -> String {
        let u = username.trim().trim_start_matches('@');
        if u == self.owner_native(net) {
            return self.owner_id(net);
        }
        let id = record_id(net.name(), Kind::Account, u);
        let url = match net {
            Net::Threads => format!("https://www.threads.com/@{u}"),
            _ => format!("https://www.instagram.com/{u}"),
        };
        let s = self.stubs.entry(id.clone()).or_insert_with(|| Stub {
            network: net.name(),
            handle: Some(u.to_string()),
            url: Some(url),
            source: src.clone(),
            ..Stub::default()
        });
        if s.display_name.is_none() {
            s.display_name = display.filter(|d| !d.is_empty()).map(str::to_string);
        }
        id
    }

    /// Emit the owner's account on `net` (from a profile file).
    pub(super) fn emit_owner(&mut self, net: Net, mut a: Account, cx: &mut Context) -> Result<()> {
        let o = &mut self.owners[net.idx()];
        if let Some(h) = a.handle.clone().filter(|h| !h.is_empty()) {
            o.native = Some(h);
        } else if let Some(n) = a.display_name.clone().filter(|n| !n.is_empty()) {
            o.native = Some(format!("name/{n}"));
        }
        if let Some(n) = a.display_name.clone() {
            o.name = Some(n);
        }
        let emitted = o.emitted;
        o.emitted = true;
        a.id = self.owner_id(net);
        a.network = net.name().into();
        a.is_owner = true;
        if emitted {
            cx.report.warn(format!(
                "a second profile file ({}) was read; its account record is {}",
                a.source.entry, a.id
            ));
            if !self.ids.insert(a.id.clone()) {
                return Ok(());
            }
        }
        self.ids.insert(a.id.clone());
        cx.emit(Record::Account(a))
    }
}
