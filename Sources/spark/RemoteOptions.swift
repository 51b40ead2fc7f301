import Approvals
import ArgumentParser
import Foundation
import Serve
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `--server URL --key KEY`: send the command to a running `spark serve`, signed with a local key.
struct RemoteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A running spark serve service to send this to (e.g. http://127.0.0.1:4001); the request is signed with --key.", valueName: "url"))
    var server: String?

    @Option(name: .long, help: ArgumentHelp("Your private key for a --server request: a path, a key id, your name, or a file name in the key directory.", valueName: "key"))
    var key: String?

    @Option(name: .customLong("key-dir"), help: ArgumentHelp("Private key directory (default: $SPARK_KEY_DIR or ~/.config/spark/keys).", valueName: "dir"))
    var keyDir: String?

    func validate() throws {
        if let server {
            guard let url = URL(string: server), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--server \(server): expected a URL such as http://127.0.0.1:4001")
            }
        }
    }

    /// Sends `body` to `path` unsigned (GET) or signed (anything else); prints nothing, returns the answer.
    func send(_ method: String, _ path: String, body: Data = Data()) async throws -> (status: Int, body: Data) {
        guard let server else { throw ValidationError("this command needs --server URL") }
        let base = server.hasSuffix("/") ? String(server.dropLast()) : server
        guard let url = URL(string: base + path) else { throw ValidationError("--server \(server): not a URL") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 60
        if method != "GET" {
            guard let key else { throw ValidationError("a --server request that changes state is signed: give --key (spark keys new makes one)") }
            let signing = try CLI.guarded { try SigningKey.load(key, directory: keyDir ?? SigningKey.defaultDirectory()) }
            let headers = try CLI.guarded { try ControlSigner(key: signing).headers(method: method, path: path, body: body, now: Date()) }
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            request.setValue("application/json", forHTTPHeaderField: "content-type")
            request.httpBody = body
        }
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        } catch {
            CLI.warn("cannot reach \(server): \(error.localizedDescription)\n  hint: is spark serve running there? (spark serve prints its addresses)")
            throw ExitCode.failure
        }
    }

    /// Sends, prints the JSON answer, and fails with the server's error message on a 4xx/5xx.
    func call(_ method: String, _ path: String, body: Data = Data()) async throws {
        let (status, data) = try await send(method, path, body: body)
        let text = String(decoding: data, as: UTF8.self)
        guard (200..<300).contains(status) else {
            if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let error = object["error"] as? [String: Any] {
                CLI.warn("\(server ?? ""): \(status) \(error["code"] as? String ?? ""): \(error["message"] as? String ?? "")" + ((error["hint"] as? String).map { "\n  hint: \($0)" } ?? ""))
            } else {
                CLI.warn("\(server ?? ""): HTTP \(status): \(text)")
            }
            throw ExitCode.failure
        }
        print(text)
    }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}
