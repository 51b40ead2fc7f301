import ArgumentParser
import Approvals
import Drivers
import Foundation
import Workflow

extension Spark {
    struct KeysCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys",
            abstract: "Create, list and revoke the Ed25519 keys that sign proposals and approvals.",
            subcommands: [New.self, List.self, Revoke.self]
        )

        struct New: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "new", 
                abstract: "Make a key pair: the private key goes to your key directory (mode 0600), the public key to approvals/keys.yaml.",
                discussion: """
                The private key is never printed and never written into the repository. Commit the change to approvals/keys.yaml through review: it is the root of trust.

                Example:
                  spark keys new --name carol --role risk
                """
            )

            @Option(name: .long, help: ArgumentHelp("The key's owner, a person (lower-case, e.g. alice).", valueName: "name"))
            var name: String

            @Option(name: .long, help: ArgumentHelp("A role the key carries, e.g. quant or risk (repeatable).", valueName: "role"))
            var role: [String] = []

            @OptionGroup var location: ApprovalsLocation

            func run() throws {
                let workflow = try location.workflow()
                let (record, path) = try CLI.guarded {
                    try workflow.store.createKey(owner: name, roles: role, keyDirectory: location.keyDirectory, now: CLI.now())
                }
                print("key \(record.id) for \(record.owner) [\(record.roles.joined(separator: ","))]")
                print("private key: \(path) (mode 0600; keep it there)")
                print("public key added to \(workflow.store.keysPath)")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List the keys in approvals/keys.yaml with owners, roles and revocations.")

            @OptionGroup var location: ApprovalsLocation

            func run() throws {
                let workflow = try location.workflow()
                print(try CLI.guarded { try workflow.keyList(now: CLI.now()) })
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "revoke", 
                abstract: "Revoke a key: from now on its signatures (old ones included) no longer count.",
                discussion: "Example:\n  spark keys revoke 3f2a9c01d4e5b6a7 --reason \"laptop lost\""
            )

            @Argument(help: ArgumentHelp("The key id (or a unique prefix) from spark keys list.", valueName: "key-id"))
            var id: String

            @Option(name: .long, help: "Why the key is revoked (recorded in keys.yaml and the audit log).")
            var reason: String

            @Option(name: .customLong("as"), help: ArgumentHelp("Who revokes it, for the audit log (default: $USER).", valueName: "name"))
            var actor: String?

            @OptionGroup var location: ApprovalsLocation

            func run() throws {
                let workflow = try location.workflow()
                let record = try CLI.guarded {
                    try workflow.store.revokeKey(id, reason: reason, actor: actor ?? CLI.user, now: CLI.now())
                }
                print("revoked key \(record.id) (\(record.owner))")
            }
        }
    }
}

/// The project's approvals and policies, and the caller's private keys; shared by the approval commands.
///
/// There is no flag for the approvals or policies directory: they are the project's (spark.yaml).
struct ApprovalsLocation: ParsableArguments {
    @Option(name: .customLong("key-dir"), help: ArgumentHelp("Private key directory (default: $SPARK_KEY_DIR or ~/.config/spark/keys).", valueName: "dir"))
    var keyDir: String?

    var keyDirectory: String { keyDir ?? SigningKey.defaultDirectory() }

    /// The project's workflow; says which project it acts on.
    func workflow() throws -> ParamsWorkflow { ParamsWorkflow(project: try CLI.project()) }

    func key(_ reference: String) throws -> SigningKey {
        try CLI.guarded { try SigningKey.load(reference, directory: keyDirectory) }
    }
}
