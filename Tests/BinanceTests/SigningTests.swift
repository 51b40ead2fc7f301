import Binance
import Crypto
import Foundation
import Testing

@Suite struct SigningTests {
    static let binanceSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
    // Made with `openssl genpkey -algorithm ed25519`; the signature with `openssl pkeyutl -sign -rawin`.
    static let pem = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIFHvz7qQ8bjYewKgJcvoZ9bN2kks0yIHfoZXliyNFDFY
        -----END PRIVATE KEY-----
        """
    static let edPayload = "apiKey=abc&recvWindow=5000&timestamp=1499827319559"
    static let edSignature = "N6yD9Fh2qEJV5oKmipvTc9IWZO9HWUpa1VzkUHWFZNj9VRzeX/Dj2M+HnMC/Dqb/Owgz31LMbI2P064rti3wAA=="
    static let edPublic = "gif8zN9zG286Edp2eQeh6idtDFcIViDzuSrY/n5BBoY="

    @Test func hmacMatchesBinancesDocumentedExample() {
        let signer = RequestSigner(hmacSecret: Self.binanceSecret)
        let payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
        #expect(signer.signature(of: payload) == "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
    }

    @Test func queryBuildingPutsRecvWindowTimestampAndSignatureLast() {
        let signer = RequestSigner(hmacSecret: Self.binanceSecret)
        let parameters = [("symbol", "LTCBTC"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "1"), ("price", "0.1")]
        let query = BinanceQuery.signed(parameters, timestamp: 1_499_827_319_559, recvWindow: 5000, signer: signer)
        #expect(query == "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
            + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71")
    }

    @Test func ed25519FromPEMMatchesOpenSSLAndVerifies() throws {
        let signer = try RequestSigner(ed25519PEM: Self.pem, source: "test")
        #expect(signer.method == .ed25519)
        #expect(signer.ed25519PublicKeyBase64 == Self.edPublic)
        let signature = signer.signature(of: Self.edPayload)
        let publicKey = try Curve25519.Signing.PublicKey(rawRepresentation: Data(base64Encoded: Self.edPublic)!)
        #expect(publicKey.isValidSignature(Data(base64Encoded: signature)!, for: Data(Self.edPayload.utf8)))
        #expect(signature == Self.edSignature)
    }

    @Test func ed25519FromRawKeyEqualsThePEMKey() throws {
        let der = Data(base64Encoded: "MC4CAQAwBQYDK2VwBCIEIFHvz7qQ8bjYewKgJcvoZ9bN2kks0yIHfoZXliyNFDFY")!
        let signer = try RequestSigner(ed25519RawKey: Array(der.suffix(32)))
        #expect(signer.ed25519PublicKeyBase64 == Self.edPublic)
        #expect(throws: CredentialsError.self) { try RequestSigner(ed25519RawKey: [1, 2, 3]) }
        #expect(throws: CredentialsError.self) { try RequestSigner(ed25519PEM: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", source: "x") }
    }

    @Test func ed25519SignatureIsPercentEncodedInTheQuery() throws {
        let signer = try RequestSigner(ed25519PEM: Self.pem, source: "test")
        let query = BinanceQuery.signed([("apiKey", "abc")], timestamp: 1_499_827_319_559, recvWindow: 5000, signer: signer)
        #expect(query == Self.edPayload + "&signature=" + "N6yD9Fh2qEJV5oKmipvTc9IWZO9HWUpa1VzkUHWFZNj9VRzeX%2FDj2M%2BHnMC%2FDqb%2FOwgz31LMbI2P064rti3wAA%3D%3D")
    }

    @Test func percentEncodingKeepsOnlyUnreservedCharacters() {
        #expect(BinanceQuery.percentEncode("AZaz09-_.~") == "AZaz09-_.~")
        #expect(BinanceQuery.percentEncode("[\"BTCUSDT\",\"ETHUSDT\"]") == "%5B%22BTCUSDT%22%2C%22ETHUSDT%22%5D")
        #expect(BinanceQuery.percentEncode("a b+c/d=e&f") == "a%20b%2Bc%2Fd%3De%26f")
        #expect(BinanceQuery.percentEncode("é") == "%C3%A9")
        #expect(BinanceQuery.build([("symbols", "[\"A\"]"), ("x", "1")]) == "symbols=%5B%22A%22%5D&x=1")
    }

    @Test func signerDescriptionsNeverShowTheSecret() {
        let signer = RequestSigner(hmacSecret: Self.binanceSecret)
        var dumped = ""
        dump(signer, to: &dumped)
        for text in [signer.description, signer.debugDescription, String(reflecting: signer), "\(signer)", dumped] {
            #expect(!text.contains(Self.binanceSecret))
            #expect(!text.contains("NhqPtmd"))
        }
    }
}
