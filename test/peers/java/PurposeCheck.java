// Java's verdict on leaves as TLS server and client certificates, as JSSE's default trust
// manager gives it (PKIX and the TLS end-entity checks of extendedKeyUsage and keyUsage):
// the server check with authType UNKNOWN, which TLS 1.3 passes (pgJDBC against PostgreSQL 15).
// JDK standard library only; one JVM for every leaf.
//
//   java PurposeCheck.java CA.pem LEAF.pem [LEAF.pem ...]
//
// Prints, per leaf and role: LEAF<TAB>server|client<TAB>ok, or ...<TAB>refused<TAB>message.
import java.io.FileInputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

public class PurposeCheck {
  public static void main(String[] args) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (FileInputStream in = new FileInputStream(args[0])) {
      trust.setCertificateEntry("ca", cf.generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
    for (int i = 1; i < args.length; i++) {
      X509Certificate leaf;
      try (FileInputStream in = new FileInputStream(args[i])) {
        leaf = (X509Certificate) cf.generateCertificate(in);
      }
      X509Certificate[] chain = {leaf};
      for (String role : new String[] {"server", "client"}) {
        String verdict = "ok";
        try {
          if (role.equals("server")) tm.checkServerTrusted(chain, "UNKNOWN");
          else tm.checkClientTrusted(chain, "UNKNOWN");
        } catch (CertificateException e) {
          Throwable t = e;
          while (t.getCause() != null) t = t.getCause();
          verdict = "refused\t" + String.valueOf(t.getMessage()).replace('\n', ' ');
        }
        System.out.println(args[i] + "\t" + role + "\t" + verdict);
      }
    }
  }
}
