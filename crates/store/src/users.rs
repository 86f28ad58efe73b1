//! Staff accounts (analyst, facilitator, admin) with argon2 password hashes.
//! Tellers never have accounts.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::BTreeSet;
use std::fmt;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::users;

/// The shortest password accepted for a staff account.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// What a staff member may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserRole {
    Analyst,
    Facilitator,
    Admin,
}

impl UserRole {
    pub fn code(self) -> &'static str {
        match self {
            UserRole::Analyst => "analyst",
            UserRole::Facilitator => "facilitator",
            UserRole::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "analyst" => Some(UserRole::Analyst),
            "facilitator" => Some(UserRole::Facilitator),
            "admin" => Some(UserRole::Admin),
            _ => None,
        }
    }
}

impl fmt::Display for UserRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: String,
    pub email: String,
    pub role: String,
    pub password_hash: String,
    pub failed_logins: i32,
    pub locked_until: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// Set when an admin deactivated the account: it cannot sign in.
    pub deactivated_at: Option<NaiveDateTime>,
    /// The jeugdregio codes the account is limited to, comma-separated; empty: not limited.
    /// Read it as a [`Scope`] with [`User::scope`].
    pub regions: String,
    /// The ids of the projects the account is limited to, comma-separated; empty: not limited.
    pub projects: String,
}

impl User {
    /// What the account may see: every region and project, or only some.
    pub fn scope(&self) -> Scope {
        Scope::parse(&self.regions, &self.projects)
    }
}

/// What a staff member may see: the regions and the projects it is limited to. Unlimited is
/// the default. A region-limited account sees only objects that belong to its regions: a story
/// of one of them, a run whose selection keeps only stories of them (and the cards made from
/// it), a session held in one of them. A project-limited account sees only the collection
/// points of its projects, their stories, the runs over those points only, and the sessions of
/// its projects. Both limits may apply at once; then an object must lie within both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// `None`: every region, and what belongs to none. Never an empty set.
    regions: Option<BTreeSet<String>>,
    /// Project ids; `None`: every project. Never an empty set.
    projects: Option<BTreeSet<String>>,
}

/// The non-empty items of a comma-separated list, or `None` for none.
fn stored_set(stored: &str) -> Option<BTreeSet<String>> {
    let set: BTreeSet<String> = stored
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    (!set.is_empty()).then_some(set)
}

fn stored_text(set: Option<&BTreeSet<String>>) -> String {
    set.map(|s| s.iter().cloned().collect::<Vec<_>>().join(","))
        .unwrap_or_default()
}

impl Scope {
    /// Every region and every project.
    pub fn all() -> Scope {
        Scope::default()
    }

    /// The scope stored as `JR13,JR27` (regions) and project ids (empty: all).
    pub fn parse(regions: &str, projects: &str) -> Scope {
        Scope {
            regions: stored_set(regions),
            projects: stored_set(projects),
        }
    }

    /// This scope, limited to `projects` (ids) as well; an empty set limits nothing.
    pub fn with_projects(mut self, projects: BTreeSet<String>) -> Scope {
        self.projects = (!projects.is_empty()).then_some(projects);
        self
    }

    /// The stored form of the regions (empty for all).
    pub fn stored(&self) -> String {
        stored_text(self.regions.as_ref())
    }

    /// The stored form of the projects (empty for all).
    pub fn stored_projects(&self) -> String {
        stored_text(self.projects.as_ref())
    }

    /// The regions it is limited to, or `None` for all.
    pub fn regions(&self) -> Option<&BTreeSet<String>> {
        self.regions.as_ref()
    }

    /// The project ids it is limited to, or `None` for all.
    pub fn projects(&self) -> Option<&BTreeSet<String>> {
        self.projects.as_ref()
    }

    /// The region codes it is limited to, as a list for a query (`None` for all).
    pub fn codes(&self) -> Option<Vec<String>> {
        self.regions().map(|r| r.iter().cloned().collect())
    }

    /// Whether it is limited at all (to regions, projects or both).
    pub fn is_limited(&self) -> bool {
        self.regions.is_some() || self.projects.is_some()
    }

    /// Whether something of `region` (none: of no region) is within its regions.
    pub fn allows(&self, region: Option<&str>) -> bool {
        match &self.regions {
            None => true,
            Some(codes) => region.is_some_and(|r| codes.contains(r)),
        }
    }

    /// Whether something of the project `project` (an id; none: of no project) is within its
    /// projects.
    pub fn allows_project(&self, project: Option<&str>) -> bool {
        match &self.projects {
            None => true,
            Some(ids) => project.is_some_and(|p| ids.contains(p)),
        }
    }

    /// Whether something of `region` and `project` (a story, a session) is within the scope.
    pub fn includes(&self, region: Option<&str>, project: Option<&str>) -> bool {
        self.allows(region) && self.allows_project(project)
    }

    /// Whether something limited to `regions` (`None`: not limited to any) is within its
    /// regions: all of them must be.
    pub fn covers(&self, regions: Option<&BTreeSet<String>>) -> bool {
        match (&self.regions, regions) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(codes), Some(regions)) => !regions.is_empty() && regions.is_subset(codes),
        }
    }

    /// Whether this scope lies within `other` (an admin may give only what they have).
    pub fn within(&self, other: &Scope) -> bool {
        let projects_within = match (&other.projects, &self.projects) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(theirs), Some(mine)) => mine.is_subset(theirs),
        };
        other.covers(self.regions()) && projects_within
    }
}

/// A scope from region codes given by a person: every code must be a known jeugdregio.
pub fn scope_of_codes<S: AsRef<str>>(codes: &[S]) -> StoreResult<Scope> {
    let mut known = BTreeSet::new();
    for code in codes {
        let code = code.as_ref().trim().to_uppercase();
        if code.is_empty() {
            continue;
        }
        if vertelpunt_model::regions::region(&code).is_none() {
            return Err(StoreError::Conflict(format!(
                "'{code}' is not a jeugdregio code (e.g. JR13)"
            )));
        }
        known.insert(code);
    }
    Ok(Scope {
        regions: (!known.is_empty()).then_some(known),
        projects: None,
    })
}

/// The ids of the projects named by their slugs, given by a person: every slug must name a
/// project.
pub fn project_ids<S: AsRef<str>>(
    conn: &mut DbConnection,
    slugs: &[S],
) -> StoreResult<BTreeSet<String>> {
    let mut ids = BTreeSet::new();
    for slug in slugs {
        let slug = slug.as_ref().trim();
        if slug.is_empty() {
            continue;
        }
        match crate::projects::find_by_slug(conn, slug)? {
            Some(project) => {
                ids.insert(project.id);
            }
            None => {
                return Err(StoreError::Conflict(format!(
                    "there is no project '{slug}'"
                )))
            }
        }
    }
    Ok(ids)
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// Hashes a password with argon2id and a random salt (PHC string format).
pub fn hash_password(password: &str) -> StoreResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Password(e.to_string()))
}

/// Whether `password` matches a stored hash.
pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Normalises an e-mail address and checks that it looks like one.
pub fn normalise_email(email: &str) -> StoreResult<String> {
    let email = email.trim().to_lowercase();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(email)
    } else {
        Err(StoreError::Conflict(format!(
            "'{email}' is not an e-mail address"
        )))
    }
}

/// Creates a staff account. The e-mail address must be new and the password at least
/// [`MIN_PASSWORD_CHARS`] characters.
pub fn create(
    conn: &mut DbConnection,
    email: &str,
    role: UserRole,
    password: &str,
    scope: &Scope,
) -> StoreResult<User> {
    let email = normalise_email(email)?;
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(StoreError::Conflict(format!(
            "the password must be at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    let user = User {
        id: crate::new_id(),
        email,
        role: role.code().to_string(),
        password_hash: hash_password(password)?,
        failed_logins: 0,
        locked_until: None,
        created_at: crate::now(),
        deactivated_at: None,
        regions: scope.stored(),
        projects: scope.stored_projects(),
    };
    conn.transaction(|conn| {
        if find_by_email(conn, &user.email)?.is_some() {
            return Err(StoreError::Conflict(format!(
                "a user with e-mail address {} already exists",
                user.email
            )));
        }
        diesel::insert_into(users::table)
            .values(&user)
            .execute(conn)?;
        Ok(user)
    })
}

pub fn find_by_email(conn: &mut DbConnection, email: &str) -> StoreResult<Option<User>> {
    let email = email.trim().to_lowercase();
    Ok(users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

/// Failed sign-ins in a row after which an account is locked.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// How long a locked account stays locked.
pub const LOCK_MINUTES: i64 = 15;

/// The outcome of a sign-in attempt.
#[derive(Debug)]
pub enum SignIn {
    Accepted(User),
    /// Wrong password.
    Refused,
    /// No account with this address, or a deactivated one. Callers must answer exactly as for
    /// [`SignIn::Refused`] and [`SignIn::Locked`] (the web app counts these attempts by address
    /// too), so that an answer never tells whether an address has an account.
    NoAccount,
    /// Too many failed attempts: no password is checked until `until`.
    Locked {
        until: NaiveDateTime,
    },
}

/// Checks a sign-in attempt, counting failures and locking the account after
/// [`MAX_FAILED_LOGINS`] in a row for [`LOCK_MINUTES`]. A success resets the count.
///
/// Attempts are counted before the password is checked, in one conditional UPDATE, so that
/// however many attempts arrive at once no more than [`MAX_FAILED_LOGINS`] passwords are
/// checked before the lock (the database serialises the UPDATEs on the account's row).
pub fn sign_in(conn: &mut DbConnection, email: &str, password: &str) -> StoreResult<SignIn> {
    let now = crate::now();
    let Some(user) = find_by_email(conn, email)? else {
        // Spend the same time as for a real account, so timing does not reveal addresses.
        let _ = verify_password(dummy_hash(), password);
        return Ok(SignIn::NoAccount);
    };
    if user.deactivated_at.is_some() {
        // A deactivated account is not told apart from none.
        let _ = verify_password(dummy_hash(), password);
        return Ok(SignIn::NoAccount);
    }
    let account = users::table.find(&user.id);
    // A lock that has run out starts a fresh count.
    diesel::update(
        account
            .filter(users::locked_until.is_not_null())
            .filter(users::locked_until.le(now)),
    )
    .set((
        users::failed_logins.eq(0),
        users::locked_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    // Claim one attempt; none is left while the account is locked or the attempts in flight
    // already reach the limit.
    let claimed = diesel::update(
        account
            .filter(users::locked_until.is_null())
            .filter(users::failed_logins.lt(MAX_FAILED_LOGINS)),
    )
    .set(users::failed_logins.eq(users::failed_logins + 1))
    .execute(conn)?;
    if claimed == 0 {
        let until = users::table
            .find(&user.id)
            .select(users::locked_until)
            .first::<Option<NaiveDateTime>>(conn)?
            .filter(|until| *until > now)
            .unwrap_or_else(|| now + chrono::Duration::minutes(LOCK_MINUTES));
        return Ok(SignIn::Locked { until });
    }
    if verify_password(&user.password_hash, password) {
        diesel::update(account)
            .set((
                users::failed_logins.eq(0),
                users::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
        return Ok(SignIn::Accepted(user));
    }
    // The attempt that used up the last try locks the account.
    let until = now + chrono::Duration::minutes(LOCK_MINUTES);
    let locked = diesel::update(
        account
            .filter(users::locked_until.is_null())
            .filter(users::failed_logins.ge(MAX_FAILED_LOGINS)),
    )
    .set(users::locked_until.eq(Some(until)))
    .execute(conn)?;
    if locked > 0 {
        return Ok(SignIn::Locked { until });
    }
    Ok(SignIn::Refused)
}

fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not a real password at all").unwrap_or_default())
}

/// One user by id.
pub fn get(conn: &mut DbConnection, id: &str) -> StoreResult<Option<User>> {
    Ok(users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

/// Sets a new password (at least [`MIN_PASSWORD_CHARS`] characters) and lifts a lock-out.
/// The caller decides which sessions end with it (see `sessions::end_all`).
pub fn set_password(conn: &mut DbConnection, user_id: &str, password: &str) -> StoreResult<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(StoreError::Conflict(format!(
            "the password must be at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    let hash = hash_password(password)?;
    let changed = diesel::update(users::table.find(user_id))
        .set((
            users::password_hash.eq(hash),
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Err(StoreError::NotFound(format!("there is no user {user_id}")));
    }
    Ok(())
}

/// Every staff account, by e-mail address.
pub fn list(conn: &mut DbConnection) -> StoreResult<Vec<User>> {
    Ok(users::table
        .order(users::email)
        .select(User::as_select())
        .load(conn)?)
}

fn changed(count: usize, user_id: &str) -> StoreResult<()> {
    if count == 0 {
        return Err(StoreError::NotFound(format!("there is no user {user_id}")));
    }
    Ok(())
}

/// Gives an account another role.
/// Limits an account to `scope` (or lifts the limit).
pub fn set_scope(conn: &mut DbConnection, user_id: &str, scope: &Scope) -> StoreResult<()> {
    diesel::update(users::table.find(user_id))
        .set((
            users::regions.eq(scope.stored()),
            users::projects.eq(scope.stored_projects()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_role(conn: &mut DbConnection, user_id: &str, role: UserRole) -> StoreResult<()> {
    let count = diesel::update(users::table.find(user_id))
        .set(users::role.eq(role.code()))
        .execute(conn)?;
    changed(count, user_id)
}

/// Lifts a lock-out after failed sign-ins.
pub fn unlock(conn: &mut DbConnection, user_id: &str) -> StoreResult<()> {
    let count = diesel::update(users::table.find(user_id))
        .set((
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    changed(count, user_id)
}

/// Deactivates an account: it cannot sign in, its sessions end and its API tokens are revoked,
/// together. What it did stays attributed to it.
pub fn deactivate(conn: &mut DbConnection, user_id: &str) -> StoreResult<()> {
    use crate::schema::{api_tokens, staff_sessions};
    let now = crate::now();
    conn.transaction(|conn| {
        let count = diesel::update(users::table.find(user_id))
            .set(users::deactivated_at.eq(Some(now)))
            .execute(conn)?;
        changed(count, user_id)?;
        diesel::delete(staff_sessions::table.filter(staff_sessions::user_id.eq(user_id)))
            .execute(conn)?;
        diesel::update(
            api_tokens::table
                .filter(api_tokens::user_id.eq(user_id))
                .filter(api_tokens::revoked_at.is_null()),
        )
        .set(api_tokens::revoked_at.eq(Some(now)))
        .execute(conn)?;
        Ok(())
    })
}

/// Lets a deactivated account sign in again.
pub fn reactivate(conn: &mut DbConnection, user_id: &str) -> StoreResult<()> {
    let count = diesel::update(users::table.find(user_id))
        .set((
            users::deactivated_at.eq(None::<NaiveDateTime>),
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    changed(count, user_id)
}

/// A password for an account that an admin set up or reset: 20 characters from an alphabet
/// without look-alikes (no 0/O, 1/l/I), to be passed on in person and changed on `/account`.
pub fn temporary_password() -> String {
    use argon2::password_hash::rand_core::RngCore;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // Bytes at or above the largest multiple of the alphabet's size are drawn again, so every
    // character is equally likely.
    let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    let mut out = String::with_capacity(20);
    while out.len() < 20 {
        let mut byte = [0u8; 1];
        OsRng.fill_bytes(&mut byte);
        if byte[0] < limit {
            out.push(ALPHABET[byte[0] as usize % ALPHABET.len()] as char);
        }
    }
    out
}

/// The Vertelpunt (slug) this staff member last chose to look at, if any.
pub fn last_point(conn: &mut DbConnection, user_id: &str) -> StoreResult<Option<String>> {
    Ok(users::table
        .find(user_id)
        .select(users::last_point)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// Remembers the Vertelpunt (slug) this staff member chose, for the next page that asks.
pub fn remember_point(conn: &mut DbConnection, user_id: &str, slug: &str) -> StoreResult<()> {
    diesel::update(users::table.find(user_id))
        .set(users::last_point.eq(slug))
        .execute(conn)?;
    Ok(())
}
