//! Who may do what: organization kinds, roles, and the permission matrix.
//!
//! This table is the one place permissions are decided. Routes declare the
//! permission they need (`web::routes`), a layer checks it with [`allows`]
//! before the handler runs, and the README prints the same matrix.

use std::fmt;
use std::str::FromStr;

/// What an organization is, which decides the roles its users may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgClass {
    /// A hospital or clinic: buys parts.
    Buyer,
    /// A service provider: its engineers work on customers' equipment.
    ServiceProvider,
    /// A manufacturer, supplier, distributor or dealer: sells parts.
    Seller,
    /// The platform operator.
    Platform,
}

impl OrgClass {
    /// Every class, in the order the README's matrix groups roles.
    pub const ALL: [OrgClass; 4] = [
        OrgClass::Buyer,
        OrgClass::ServiceProvider,
        OrgClass::Seller,
        OrgClass::Platform,
    ];

    /// What the README calls it.
    pub fn label(self) -> &'static str {
        match self {
            OrgClass::Buyer => "Hospital/clinic",
            OrgClass::ServiceProvider => "Service provider",
            OrgClass::Seller => "Seller",
            OrgClass::Platform => "Platform",
        }
    }

    /// The class of an `organizations.kind` value.
    pub fn of_kind(kind: &str) -> Option<OrgClass> {
        Some(match kind {
            "hospital" | "clinic" => OrgClass::Buyer,
            "service_provider" => OrgClass::ServiceProvider,
            "manufacturer" | "supplier" | "distributor" | "dealer" => OrgClass::Seller,
            "platform" => OrgClass::Platform,
            _ => return None,
        })
    }

    /// The roles a user of this class of organization may hold, the
    /// administrator first.
    pub fn roles(self) -> &'static [Role] {
        match self {
            OrgClass::Buyer => &[
                Role::OrgAdmin,
                Role::Buyer,
                Role::Approver,
                Role::Finance,
                Role::Engineer,
            ],
            OrgClass::ServiceProvider => &[Role::OrgAdmin, Role::Engineer],
            OrgClass::Seller => &[Role::SellerAdmin, Role::SellerStaff, Role::Finance],
            OrgClass::Platform => &[Role::PlatformAdmin],
        }
    }

    /// The role of the user who signs the organization up.
    pub fn admin_role(self) -> Role {
        self.roles()[0]
    }
}

/// A user's role in their organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    OrgAdmin,
    Buyer,
    Approver,
    Finance,
    Engineer,
    SellerAdmin,
    SellerStaff,
    PlatformAdmin,
}

impl Role {
    /// Every role, in the order the README's matrix lists them.
    pub const ALL: [Role; 8] = [
        Role::OrgAdmin,
        Role::Buyer,
        Role::Approver,
        Role::Finance,
        Role::Engineer,
        Role::SellerAdmin,
        Role::SellerStaff,
        Role::PlatformAdmin,
    ];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::OrgAdmin => "org_admin",
            Role::Buyer => "buyer",
            Role::Approver => "approver",
            Role::Finance => "finance",
            Role::Engineer => "engineer",
            Role::SellerAdmin => "seller_admin",
            Role::SellerStaff => "seller_staff",
            Role::PlatformAdmin => "platform_admin",
        }
    }

    /// What the pages call it.
    pub fn label(self) -> &'static str {
        match self {
            Role::OrgAdmin => "Organization admin",
            Role::Buyer => "Buyer",
            Role::Approver => "Approver",
            Role::Finance => "Finance",
            Role::Engineer => "Engineer",
            Role::SellerAdmin => "Seller admin",
            Role::SellerStaff => "Seller staff",
            Role::PlatformAdmin => "Platform admin",
        }
    }

    /// Where this role's work is: the page it lands on after login.
    pub fn landing(self) -> &'static str {
        match self {
            Role::Buyer | Role::Approver | Role::OrgAdmin => "/",
            Role::Engineer => "/tickets",
            Role::SellerAdmin | Role::SellerStaff => "/seller",
            Role::Finance => "/invoices",
            Role::PlatformAdmin => "/admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Role, ()> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or(())
    }
}

/// What a route or action needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Anyone, signed in or not: the catalog, login, sign-up.
    Public,
    /// Any signed-in user: their profile, password, sessions.
    SignedIn,
    /// Put parts in a cart and place orders.
    Buy,
    /// Approve or reject orders above a buyer's limit.
    Approve,
    /// Manage the organization's catalog, stock and prices.
    Sell,
    /// See and download invoices.
    SeeInvoices,
    /// Work on service tickets.
    WorkTickets,
    /// Manage the organization: users, invitations, API tokens, its audit log.
    ManageOrg,
    /// Run the platform: approve sellers, lock users, the whole audit log.
    Platform,
}

impl Permission {
    /// Every permission, in the order the README's matrix lists them.
    pub const ALL: [Permission; 9] = [
        Permission::Public,
        Permission::SignedIn,
        Permission::Buy,
        Permission::Approve,
        Permission::Sell,
        Permission::SeeInvoices,
        Permission::WorkTickets,
        Permission::ManageOrg,
        Permission::Platform,
    ];

    /// What the README calls it.
    pub fn label(self) -> &'static str {
        match self {
            Permission::Public => "view the catalog",
            Permission::SignedIn => "own profile, password, sessions",
            Permission::Buy => "buy (cart, orders)",
            Permission::Approve => "approve orders",
            Permission::Sell => "sell (catalog, stock, prices)",
            Permission::SeeInvoices => "see invoices",
            Permission::WorkTickets => "work on service tickets",
            Permission::ManageOrg => {
                "manage the organization (users, invitations, API tokens, audit log)"
            }
            Permission::Platform => "platform administration",
        }
    }
}

/// Whether a user with `role` in an organization of `class` has `perm`.
/// A role outside its class's roles has nothing beyond `Public`.
pub fn allows(class: OrgClass, role: Role, perm: Permission) -> bool {
    use Permission as P;
    use Role as R;
    if !class.roles().contains(&role) {
        return perm == P::Public;
    }
    match perm {
        P::Public | P::SignedIn => true,
        P::Buy => matches!(role, R::OrgAdmin | R::Buyer | R::Approver | R::Engineer),
        P::Approve => matches!(role, R::OrgAdmin | R::Approver),
        P::Sell => matches!(role, R::SellerAdmin | R::SellerStaff),
        P::SeeInvoices => matches!(role, R::OrgAdmin | R::Finance | R::SellerAdmin),
        P::WorkTickets => {
            role == R::Engineer || (class == OrgClass::ServiceProvider && role == R::OrgAdmin)
        }
        P::ManageOrg => matches!(role, R::OrgAdmin | R::SellerAdmin),
        P::Platform => role == R::PlatformAdmin,
    }
}

/// The permission matrix as a Markdown table: a row per permission, a column
/// per role grouped by class of organization, ✓ where [`allows`] says yes.
/// The README carries this table; a test keeps the two identical.
pub fn matrix_markdown() -> String {
    let columns: Vec<(OrgClass, Role)> = OrgClass::ALL
        .iter()
        .flat_map(|c| c.roles().iter().map(move |r| (*c, *r)))
        .collect();
    let mut out = String::from("| permission |");
    for (c, r) in &columns {
        out.push_str(&format!(" {}: {} |", c.label(), r.label()));
    }
    out.push_str("\n| --- |");
    out.push_str(&" :-: |".repeat(columns.len()));
    out.push('\n');
    for p in Permission::ALL {
        out.push_str(&format!("| {} |", p.label()));
        for (c, r) in &columns {
            out.push_str(if allows(*c, *r, p) { " ✓ |" } else { "   |" });
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_shows_the_permission_matrix_of_the_code() {
        let readme = include_str!("../../README.md");
        let matrix = matrix_markdown();
        assert!(
            readme.contains(&matrix),
            "README.md's \"Roles and permissions\" table differs from the code; replace it with:\n\n{matrix}"
        );
    }

    #[test]
    fn roles_round_trip_and_belong_to_one_class_or_more() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
            assert!(
                [
                    OrgClass::Buyer,
                    OrgClass::ServiceProvider,
                    OrgClass::Seller,
                    OrgClass::Platform
                ]
                .iter()
                .any(|c| c.roles().contains(&r))
            );
        }
    }

    #[test]
    fn matrix_holds_the_rules_users_rely_on() {
        use OrgClass as C;
        use Permission as P;
        use Role as R;
        // Sellers cannot buy; buyers cannot sell.
        assert!(!allows(C::Seller, R::SellerAdmin, P::Buy));
        assert!(!allows(C::Buyer, R::OrgAdmin, P::Sell));
        // Only platform admins run the platform.
        for c in [C::Buyer, C::ServiceProvider, C::Seller] {
            for r in c.roles() {
                assert!(!allows(c, *r, P::Platform));
            }
        }
        assert!(allows(C::Platform, R::PlatformAdmin, P::Platform));
        // Finance sees invoices but cannot buy or manage users.
        assert!(allows(C::Buyer, R::Finance, P::SeeInvoices));
        assert!(!allows(C::Buyer, R::Finance, P::Buy));
        assert!(!allows(C::Buyer, R::Finance, P::ManageOrg));
        // A role held in the wrong kind of organization grants nothing.
        assert!(!allows(C::Seller, R::Buyer, P::Buy));
        assert!(!allows(C::Buyer, R::SellerStaff, P::SignedIn));
        // Engineers work tickets and order parts for them.
        assert!(allows(C::ServiceProvider, R::Engineer, P::WorkTickets));
        assert!(allows(C::ServiceProvider, R::Engineer, P::Buy));
    }
}
