// A JSSE TLS client for the TLS-doctor peer tests: trusts only the CA file given,
// verifies the host name the way HTTPS and pgJDBC's verify-full do, and prints the
// whole exception chain of each failed handshake. JDK standard library only; one
// JVM start for several servers.
//
//   java TlsClient.java CA.pem HOST:PORT [HOST:PORT ...]
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
    ctx.init(null, tmf.getTrustManagers(), null);
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
