import NIOSSL

extension MLLPTLSFiles {
    /// The server's TLS context (TLS 1.2 or later); with ``clientCA``, clients must present a
    /// certificate that chains to it (host names are not checked: senders are identified by
    /// certificate and allow-list, not by name).
    func makeContext() throws(MLLPServerError) -> NIOSSLContext {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificate) } catch {
            throw .tls(file: certificate, reason: "not a readable PEM certificate (\(error))")
        }
        let privateKey: NIOSSLPrivateKey
        do {
            if let passphrase {
                privateKey = try NIOSSLPrivateKey(file: key, format: .pem) { (setter: NIOSSLPassphraseSetter<[UInt8]>) in setter(passphrase)
                }
            } else {
                privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
            }
        } catch {
            throw .tls(file: key, reason: "not a readable PEM private key, or a wrong passphrase (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        if let clientCA {
            do { configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCA)) } catch {
                throw .tls(file: clientCA, reason: "not a readable PEM certificate (\(error))")
            }
            configuration.certificateVerification = .noHostnameVerification
        }
        do { return try NIOSSLContext(configuration: configuration) } catch {
            throw .tls(file: certificate, reason: "the certificate and key cannot be used together (\(error))")
        }
    }
}
