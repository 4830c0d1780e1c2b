//! What platform administrators may do to organizations and users, and why a
//! move is refused. Like the order status machine, the rules live here in one
//! table; the database applies a move only if the row still holds the state
//! it was decided on.

use super::access::OrgClass;

/// An organization's status and badge, as a move reads and writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgState<'a> {
    /// `organizations.kind`.
    pub kind: &'a str,
    /// `pending`, `active` or `suspended`.
    pub status: &'a str,
    /// The "verified" badge.
    pub verified: bool,
}

/// A platform administrator's move on an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgAction {
    /// A pending seller becomes active: its parts become searchable.
    Approve,
    /// An active organization is shut out: its users cannot sign in and a
    /// seller's parts leave search.
    Suspend,
    /// A suspended organization becomes active again.
    Reactivate,
    /// The organization gets the "verified" badge.
    Verify,
    /// The badge is removed.
    Unverify,
}

impl OrgAction {
    /// Every move, in the order pages offer them.
    pub const ALL: [OrgAction; 5] = [
        OrgAction::Approve,
        OrgAction::Suspend,
        OrgAction::Reactivate,
        OrgAction::Verify,
        OrgAction::Unverify,
    ];

    /// The name in URLs (`/admin/orgs/{id}/approve`) and notices.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgAction::Approve => "approve",
            OrgAction::Suspend => "suspend",
            OrgAction::Reactivate => "reactivate",
            OrgAction::Verify => "verify",
            OrgAction::Unverify => "unverify",
        }
    }

    /// The move named `s`, if any.
    pub fn parse(s: &str) -> Option<OrgAction> {
        OrgAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The audit log's kind for this move.
    pub fn audit_kind(self) -> &'static str {
        match self {
            OrgAction::Approve => "seller_approved",
            OrgAction::Suspend => "org_suspended",
            OrgAction::Reactivate => "org_reactivated",
            OrgAction::Verify => "org_verified",
            OrgAction::Unverify => "org_unverified",
        }
    }

    /// The state after the move, or why it is refused.
    pub fn apply<'a>(self, org: &OrgState<'a>) -> Result<OrgState<'a>, Refusal> {
        let class = OrgClass::of_kind(org.kind);
        let to = |status: &'a str, verified: bool| OrgState {
            kind: org.kind,
            status,
            verified,
        };
        match self {
            OrgAction::Approve if class != Some(OrgClass::Seller) => Err(Refusal::NotASeller),
            OrgAction::Approve if org.status != "pending" => Err(Refusal::NotPending),
            OrgAction::Approve => Ok(to("active", org.verified)),
            // Suspending the platform would lock every administrator out.
            OrgAction::Suspend if class == Some(OrgClass::Platform) => Err(Refusal::PlatformOrg),
            OrgAction::Suspend if org.status != "active" => Err(Refusal::NotActive),
            OrgAction::Suspend => Ok(to("suspended", org.verified)),
            OrgAction::Reactivate if org.status != "suspended" => Err(Refusal::NotSuspended),
            OrgAction::Reactivate => Ok(to("active", org.verified)),
            OrgAction::Verify if org.verified => Err(Refusal::AlreadyVerified),
            OrgAction::Verify => Ok(to(org.status, true)),
            OrgAction::Unverify if !org.verified => Err(Refusal::NotVerified),
            OrgAction::Unverify => Ok(to(org.status, false)),
        }
    }
}

/// A platform administrator's move on a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserAction {
    /// The user cannot sign in; their sessions end.
    Lock,
    /// A locked user may sign in again.
    Unlock,
}

impl UserAction {
    /// Both moves.
    pub const ALL: [UserAction; 2] = [UserAction::Lock, UserAction::Unlock];

    /// The name in URLs (`/admin/users/{id}/lock`) and notices.
    pub fn as_str(self) -> &'static str {
        match self {
            UserAction::Lock => "lock",
            UserAction::Unlock => "unlock",
        }
    }

    /// The move named `s`, if any.
    pub fn parse(s: &str) -> Option<UserAction> {
        UserAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The audit log's kind for this move.
    pub fn audit_kind(self) -> &'static str {
        match self {
            UserAction::Lock => "user_locked",
            UserAction::Unlock => "user_unlocked",
        }
    }

    /// The user's status after the move, or why it is refused. `yourself`:
    /// the administrator is acting on their own account.
    pub fn apply(self, status: &str, yourself: bool) -> Result<&'static str, Refusal> {
        match self {
            // Locking yourself ends your own session with nobody to undo it.
            UserAction::Lock if yourself => Err(Refusal::Yourself),
            UserAction::Lock if status == "locked" => Err(Refusal::AlreadyLocked),
            // Deactivation belongs to the user's organization; a lock on top
            // would be undone by an unlock that reactivates them.
            UserAction::Lock if status != "active" => Err(Refusal::Deactivated),
            UserAction::Lock => Ok("locked"),
            UserAction::Unlock if status != "locked" => Err(Refusal::NotLocked),
            UserAction::Unlock => Ok("active"),
        }
    }
}

/// Why a move changed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotASeller,
    NotPending,
    PlatformOrg,
    NotActive,
    NotSuspended,
    AlreadyVerified,
    NotVerified,
    Yourself,
    AlreadyLocked,
    Deactivated,
    NotLocked,
    /// Someone else changed the row between reading and writing it.
    Changed,
}

impl Refusal {
    const ALL: [Refusal; 12] = [
        Refusal::NotASeller,
        Refusal::NotPending,
        Refusal::PlatformOrg,
        Refusal::NotActive,
        Refusal::NotSuspended,
        Refusal::AlreadyVerified,
        Refusal::NotVerified,
        Refusal::Yourself,
        Refusal::AlreadyLocked,
        Refusal::Deactivated,
        Refusal::NotLocked,
        Refusal::Changed,
    ];

    /// The code carried in the redirect after a refused move.
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::NotASeller => "not_a_seller",
            Refusal::NotPending => "not_pending",
            Refusal::PlatformOrg => "platform_org",
            Refusal::NotActive => "not_active",
            Refusal::NotSuspended => "not_suspended",
            Refusal::AlreadyVerified => "already_verified",
            Refusal::NotVerified => "not_verified",
            Refusal::Yourself => "yourself",
            Refusal::AlreadyLocked => "already_locked",
            Refusal::Deactivated => "deactivated",
            Refusal::NotLocked => "not_locked",
            Refusal::Changed => "changed",
        }
    }

    /// The refusal with this code, if any.
    pub fn parse(s: &str) -> Option<Refusal> {
        Refusal::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Why, in a sentence the page shows.
    pub fn why(self) -> &'static str {
        match self {
            Refusal::NotASeller => "only seller organizations wait for approval.",
            Refusal::NotPending => "it is not awaiting approval.",
            Refusal::PlatformOrg => {
                "the platform organization cannot be suspended: every administrator would be locked out."
            }
            Refusal::NotActive => "only active organizations can be suspended.",
            Refusal::NotSuspended => "it is not suspended.",
            Refusal::AlreadyVerified => "it is already verified.",
            Refusal::NotVerified => "it is not verified.",
            Refusal::Yourself => {
                "you cannot lock your own account; ask another platform administrator."
            }
            Refusal::AlreadyLocked => "the account is already locked.",
            Refusal::Deactivated => {
                "the account is deactivated by its organization; it cannot sign in anyway."
            }
            Refusal::NotLocked => "the account is not locked.",
            Refusal::Changed => {
                "someone changed it at the same time. Check its current state and try again."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org<'a>(kind: &'a str, status: &'a str, verified: bool) -> OrgState<'a> {
        OrgState {
            kind,
            status,
            verified,
        }
    }

    #[test]
    fn org_moves_follow_the_table() {
        use OrgAction as A;
        let pending = org("supplier", "pending", false);
        assert_eq!(A::Approve.apply(&pending).map(|s| s.status), Ok("active"));
        assert_eq!(
            A::Approve.apply(&org("supplier", "active", false)),
            Err(Refusal::NotPending)
        );
        assert_eq!(
            A::Approve.apply(&org("hospital", "pending", false)),
            Err(Refusal::NotASeller)
        );
        // A pending seller cannot be suspended and then reactivated past
        // its approval.
        assert_eq!(A::Suspend.apply(&pending), Err(Refusal::NotActive));
        assert_eq!(
            A::Suspend.apply(&org("platform", "active", true)),
            Err(Refusal::PlatformOrg)
        );
        let suspended = A::Suspend
            .apply(&org("dealer", "active", true))
            .expect("suspend");
        assert_eq!(suspended, org("dealer", "suspended", true));
        assert_eq!(
            A::Reactivate.apply(&suspended),
            Ok(org("dealer", "active", true))
        );
        assert_eq!(A::Reactivate.apply(&pending), Err(Refusal::NotSuspended));
        assert_eq!(
            A::Verify.apply(&pending),
            Ok(org("supplier", "pending", true))
        );
        assert_eq!(A::Unverify.apply(&pending), Err(Refusal::NotVerified));
        for a in A::ALL {
            assert_eq!(A::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn user_moves_follow_the_table() {
        use UserAction as U;
        assert_eq!(U::Lock.apply("active", false), Ok("locked"));
        assert_eq!(U::Lock.apply("active", true), Err(Refusal::Yourself));
        assert_eq!(U::Lock.apply("locked", false), Err(Refusal::AlreadyLocked));
        assert_eq!(
            U::Lock.apply("deactivated", false),
            Err(Refusal::Deactivated)
        );
        assert_eq!(U::Unlock.apply("locked", false), Ok("active"));
        assert_eq!(
            U::Unlock.apply("deactivated", false),
            Err(Refusal::NotLocked)
        );
        for r in Refusal::ALL {
            assert_eq!(Refusal::parse(r.as_str()), Some(r));
        }
    }
}
