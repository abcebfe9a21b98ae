// A JSSE TLS client for the TLS-doctor peer tests: trusts only the CA file given,
// verifies the host name the way HTTPS and pgJDBC's verify-full do, and prints the
// whole exception chain of each failed handshake. JDK standard library only; one
// JVM start for several servers.
//
//   java [-Dclient.p12=FILE -Dclient.password=PW] TlsClient.java CA.pem HOST:PORT [HOST:PORT ...]
//
// With client.p12 the JVM presents that PKCS#12's certificate and key to servers that ask.
import java.io.FileInputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

public class TlsClient {
  public static void main(String[] args) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (FileInputStream in = new FileInputStream(args[0])) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) trust.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    javax.net.ssl.KeyManager[] keyManagers = null;
    String p12 = System.getProperty("client.p12");
    if (p12 != null) {
      char[] password = System.getProperty("client.password", "").toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (FileInputStream in = new FileInputStream(p12)) {
        keys.load(in, password);
      }
      javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      // Present this certificate whatever CAs the server names, as Go's GetClientCertificate does in the Go
      // peer: the point is to let the server judge a foreign certificate (JSSE would otherwise send none).
      final javax.net.ssl.X509KeyManager base = (javax.net.ssl.X509KeyManager) kmf.getKeyManagers()[0];
      final String alias = keys.aliases().nextElement();
      keyManagers = new javax.net.ssl.KeyManager[] {new javax.net.ssl.X509ExtendedKeyManager() {
        public String chooseClientAlias(String[] types, java.security.Principal[] issuers, java.net.Socket s) { return alias; }
        public String chooseEngineClientAlias(String[] types, java.security.Principal[] issuers, javax.net.ssl.SSLEngine e) { return alias; }
        public String[] getClientAliases(String type, java.security.Principal[] issuers) { return new String[] {alias}; }
        public String chooseServerAlias(String type, java.security.Principal[] issuers, java.net.Socket s) { return null; }
        public String[] getServerAliases(String type, java.security.Principal[] issuers) { return null; }
        public java.security.cert.X509Certificate[] getCertificateChain(String a) { return base.getCertificateChain(a); }
        public java.security.PrivateKey getPrivateKey(String a) { return base.getPrivateKey(a); }
      }};
    }
    ctx.init(keyManagers, tmf.getTrustManagers(), null);
    for (int a = 1; a < args.length; a++) {
      System.out.println("=== " + args[a]);
      int colon = args[a].lastIndexOf(':');
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(args[a].substring(0, colon), Integer.parseInt(args[a].substring(colon + 1)))) {
        s.setSoTimeout(10000);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
        // TLS 1.3 servers judge the client certificate after the handshake: read to receive their verdict.
        s.getInputStream().read();
        System.out.println("OK");
      } catch (Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) System.out.println(t);
      }
    }
  }
}
