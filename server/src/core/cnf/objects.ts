/**
 * Object names OpenSSL 3.0 knows (short name, long name, dotted OID), as listed by
 * `openssl list -objects` on OpenSSL 3.0.19. Generated data: OBJ_txt2obj accepts any of
 * these names, which is what extendedKeyUsage, RID:, DN field names and extension names use.
 * One row per line, "short\tlong\toid" (oid empty for objects without one), the text starting
 * and ending with a line break. One string, not an array of rows: a process that loads the
 * linter deserializes one string from the code cache where it made and internalized 1,238
 * (about 1.7 M instructions); the first lookups search the text itself (vocabulary.ts).
 */
// prettier-ignore
export const objectText = `
rsadsi\tRSA Data Security, Inc.\t1.2.840.113549
pkcs\tRSA Data Security, Inc. PKCS\t1.2.840.113549.1
MD2\tmd2\t1.2.840.113549.2.2
MD5\tmd5\t1.2.840.113549.2.5
RC4\trc4\t1.2.840.113549.3.4
rsaEncryption\trsaEncryption\t1.2.840.113549.1.1.1
RSA-MD2\tmd2WithRSAEncryption\t1.2.840.113549.1.1.2
RSA-MD5\tmd5WithRSAEncryption\t1.2.840.113549.1.1.4
PBE-MD2-DES\tpbeWithMD2AndDES-CBC\t1.2.840.113549.1.5.1
PBE-MD5-DES\tpbeWithMD5AndDES-CBC\t1.2.840.113549.1.5.3
X500\tdirectory services (X.500)\t2.5
X509\tX509\t2.5.4
CN\tcommonName\t2.5.4.3
C\tcountryName\t2.5.4.6
L\tlocalityName\t2.5.4.7
ST\tstateOrProvinceName\t2.5.4.8
O\torganizationName\t2.5.4.10
OU\torganizationalUnitName\t2.5.4.11
RSA\trsa\t2.5.8.1.1
pkcs7\tpkcs7\t1.2.840.113549.1.7
pkcs7-data\tpkcs7-data\t1.2.840.113549.1.7.1
pkcs7-signedData\tpkcs7-signedData\t1.2.840.113549.1.7.2
pkcs7-envelopedData\tpkcs7-envelopedData\t1.2.840.113549.1.7.3
pkcs7-signedAndEnvelopedData\tpkcs7-signedAndEnvelopedData\t1.2.840.113549.1.7.4
pkcs7-digestData\tpkcs7-digestData\t1.2.840.113549.1.7.5
pkcs7-encryptedData\tpkcs7-encryptedData\t1.2.840.113549.1.7.6
pkcs3\tpkcs3\t1.2.840.113549.1.3
dhKeyAgreement\tdhKeyAgreement\t1.2.840.113549.1.3.1
DES-ECB\tdes-ecb\t1.3.14.3.2.6
DES-CFB\tdes-cfb\t1.3.14.3.2.9
DES-CBC\tdes-cbc\t1.3.14.3.2.7
DES-EDE\tdes-ede\t1.3.14.3.2.17
DES-EDE3\tdes-ede3\t
IDEA-CBC\tidea-cbc\t1.3.6.1.4.1.188.7.1.1.2
IDEA-CFB\tidea-cfb\t
IDEA-ECB\tidea-ecb\t
RC2-CBC\trc2-cbc\t1.2.840.113549.3.2
RC2-ECB\trc2-ecb\t
RC2-CFB\trc2-cfb\t
RC2-OFB\trc2-ofb\t
SHA\tsha\t1.3.14.3.2.18
RSA-SHA\tshaWithRSAEncryption\t1.3.14.3.2.15
DES-EDE-CBC\tdes-ede-cbc\t
DES-EDE3-CBC\tdes-ede3-cbc\t1.2.840.113549.3.7
DES-OFB\tdes-ofb\t1.3.14.3.2.8
IDEA-OFB\tidea-ofb\t
pkcs9\tpkcs9\t1.2.840.113549.1.9
emailAddress\temailAddress\t1.2.840.113549.1.9.1
unstructuredName\tunstructuredName\t1.2.840.113549.1.9.2
contentType\tcontentType\t1.2.840.113549.1.9.3
messageDigest\tmessageDigest\t1.2.840.113549.1.9.4
signingTime\tsigningTime\t1.2.840.113549.1.9.5
countersignature\tcountersignature\t1.2.840.113549.1.9.6
challengePassword\tchallengePassword\t1.2.840.113549.1.9.7
unstructuredAddress\tunstructuredAddress\t1.2.840.113549.1.9.8
extendedCertificateAttributes\textendedCertificateAttributes\t1.2.840.113549.1.9.9
Netscape\tNetscape Communications Corp.\t2.16.840.1.113730
nsCertExt\tNetscape Certificate Extension\t2.16.840.1.113730.1
nsDataType\tNetscape Data Type\t2.16.840.1.113730.2
DES-EDE-CFB\tdes-ede-cfb\t
DES-EDE3-CFB\tdes-ede3-cfb\t
DES-EDE-OFB\tdes-ede-ofb\t
DES-EDE3-OFB\tdes-ede3-ofb\t
SHA1\tsha1\t1.3.14.3.2.26
RSA-SHA1\tsha1WithRSAEncryption\t1.2.840.113549.1.1.5
DSA-SHA\tdsaWithSHA\t1.3.14.3.2.13
DSA-old\tdsaEncryption-old\t1.3.14.3.2.12
PBE-SHA1-RC2-64\tpbeWithSHA1AndRC2-CBC\t1.2.840.113549.1.5.11
PBKDF2\tPBKDF2\t1.2.840.113549.1.5.12
DSA-SHA1-old\tdsaWithSHA1-old\t1.3.14.3.2.27
nsCertType\tNetscape Cert Type\t2.16.840.1.113730.1.1
nsBaseUrl\tNetscape Base Url\t2.16.840.1.113730.1.2
nsRevocationUrl\tNetscape Revocation Url\t2.16.840.1.113730.1.3
nsCaRevocationUrl\tNetscape CA Revocation Url\t2.16.840.1.113730.1.4
nsRenewalUrl\tNetscape Renewal Url\t2.16.840.1.113730.1.7
nsCaPolicyUrl\tNetscape CA Policy Url\t2.16.840.1.113730.1.8
nsSslServerName\tNetscape SSL Server Name\t2.16.840.1.113730.1.12
nsComment\tNetscape Comment\t2.16.840.1.113730.1.13
nsCertSequence\tNetscape Certificate Sequence\t2.16.840.1.113730.2.5
DESX-CBC\tdesx-cbc\t
id-ce\tid-ce\t2.5.29
subjectKeyIdentifier\tX509v3 Subject Key Identifier\t2.5.29.14
keyUsage\tX509v3 Key Usage\t2.5.29.15
privateKeyUsagePeriod\tX509v3 Private Key Usage Period\t2.5.29.16
subjectAltName\tX509v3 Subject Alternative Name\t2.5.29.17
issuerAltName\tX509v3 Issuer Alternative Name\t2.5.29.18
basicConstraints\tX509v3 Basic Constraints\t2.5.29.19
crlNumber\tX509v3 CRL Number\t2.5.29.20
certificatePolicies\tX509v3 Certificate Policies\t2.5.29.32
authorityKeyIdentifier\tX509v3 Authority Key Identifier\t2.5.29.35
BF-CBC\tbf-cbc\t1.3.6.1.4.1.3029.1.2
BF-ECB\tbf-ecb\t
BF-CFB\tbf-cfb\t
BF-OFB\tbf-ofb\t
MDC2\tmdc2\t2.5.8.3.101
RSA-MDC2\tmdc2WithRSA\t2.5.8.3.100
RC4-40\trc4-40\t
RC2-40-CBC\trc2-40-cbc\t
GN\tgivenName\t2.5.4.42
SN\tsurname\t2.5.4.4
initials\tinitials\t2.5.4.43
uid\tuniqueIdentifier\t0.9.2342.19200300.100.1.44
crlDistributionPoints\tX509v3 CRL Distribution Points\t2.5.29.31
RSA-NP-MD5\tmd5WithRSA\t1.3.14.3.2.3
serialNumber\tserialNumber\t2.5.4.5
title\ttitle\t2.5.4.12
description\tdescription\t2.5.4.13
CAST5-CBC\tcast5-cbc\t1.2.840.113533.7.66.10
CAST5-ECB\tcast5-ecb\t
CAST5-CFB\tcast5-cfb\t
CAST5-OFB\tcast5-ofb\t
pbeWithMD5AndCast5CBC\tpbeWithMD5AndCast5CBC\t1.2.840.113533.7.66.12
DSA-SHA1\tdsaWithSHA1\t1.2.840.10040.4.3
MD5-SHA1\tmd5-sha1\t
RSA-SHA1-2\tsha1WithRSA\t1.3.14.3.2.29
DSA\tdsaEncryption\t1.2.840.10040.4.1
RIPEMD160\tripemd160\t1.3.36.3.2.1
RSA-RIPEMD160\tripemd160WithRSA\t1.3.36.3.3.1.2
RC5-CBC\trc5-cbc\t1.2.840.113549.3.8
RC5-ECB\trc5-ecb\t
RC5-CFB\trc5-cfb\t
RC5-OFB\trc5-ofb\t
ZLIB\tzlib compression\t1.2.840.113549.1.9.16.3.8
extendedKeyUsage\tX509v3 Extended Key Usage\t2.5.29.37
PKIX\tPKIX\t1.3.6.1.5.5.7
id-kp\tid-kp\t1.3.6.1.5.5.7.3
serverAuth\tTLS Web Server Authentication\t1.3.6.1.5.5.7.3.1
clientAuth\tTLS Web Client Authentication\t1.3.6.1.5.5.7.3.2
codeSigning\tCode Signing\t1.3.6.1.5.5.7.3.3
emailProtection\tE-mail Protection\t1.3.6.1.5.5.7.3.4
timeStamping\tTime Stamping\t1.3.6.1.5.5.7.3.8
msCodeInd\tMicrosoft Individual Code Signing\t1.3.6.1.4.1.311.2.1.21
msCodeCom\tMicrosoft Commercial Code Signing\t1.3.6.1.4.1.311.2.1.22
msCTLSign\tMicrosoft Trust List Signing\t1.3.6.1.4.1.311.10.3.1
msSGC\tMicrosoft Server Gated Crypto\t1.3.6.1.4.1.311.10.3.3
msEFS\tMicrosoft Encrypted File System\t1.3.6.1.4.1.311.10.3.4
nsSGC\tNetscape Server Gated Crypto\t2.16.840.1.113730.4.1
deltaCRL\tX509v3 Delta CRL Indicator\t2.5.29.27
CRLReason\tX509v3 CRL Reason Code\t2.5.29.21
invalidityDate\tInvalidity Date\t2.5.29.24
SXNetID\tStrong Extranet ID\t1.3.101.1.4.1
PBE-SHA1-RC4-128\tpbeWithSHA1And128BitRC4\t1.2.840.113549.1.12.1.1
PBE-SHA1-RC4-40\tpbeWithSHA1And40BitRC4\t1.2.840.113549.1.12.1.2
PBE-SHA1-3DES\tpbeWithSHA1And3-KeyTripleDES-CBC\t1.2.840.113549.1.12.1.3
PBE-SHA1-2DES\tpbeWithSHA1And2-KeyTripleDES-CBC\t1.2.840.113549.1.12.1.4
PBE-SHA1-RC2-128\tpbeWithSHA1And128BitRC2-CBC\t1.2.840.113549.1.12.1.5
PBE-SHA1-RC2-40\tpbeWithSHA1And40BitRC2-CBC\t1.2.840.113549.1.12.1.6
keyBag\tkeyBag\t1.2.840.113549.1.12.10.1.1
pkcs8ShroudedKeyBag\tpkcs8ShroudedKeyBag\t1.2.840.113549.1.12.10.1.2
certBag\tcertBag\t1.2.840.113549.1.12.10.1.3
crlBag\tcrlBag\t1.2.840.113549.1.12.10.1.4
secretBag\tsecretBag\t1.2.840.113549.1.12.10.1.5
safeContentsBag\tsafeContentsBag\t1.2.840.113549.1.12.10.1.6
friendlyName\tfriendlyName\t1.2.840.113549.1.9.20
localKeyID\tlocalKeyID\t1.2.840.113549.1.9.21
x509Certificate\tx509Certificate\t1.2.840.113549.1.9.22.1
sdsiCertificate\tsdsiCertificate\t1.2.840.113549.1.9.22.2
x509Crl\tx509Crl\t1.2.840.113549.1.9.23.1
PBES2\tPBES2\t1.2.840.113549.1.5.13
PBMAC1\tPBMAC1\t1.2.840.113549.1.5.14
hmacWithSHA1\thmacWithSHA1\t1.2.840.113549.2.7
id-qt-cps\tPolicy Qualifier CPS\t1.3.6.1.5.5.7.2.1
id-qt-unotice\tPolicy Qualifier User Notice\t1.3.6.1.5.5.7.2.2
RC2-64-CBC\trc2-64-cbc\t
SMIME-CAPS\tS/MIME Capabilities\t1.2.840.113549.1.9.15
PBE-MD2-RC2-64\tpbeWithMD2AndRC2-CBC\t1.2.840.113549.1.5.4
PBE-MD5-RC2-64\tpbeWithMD5AndRC2-CBC\t1.2.840.113549.1.5.6
PBE-SHA1-DES\tpbeWithSHA1AndDES-CBC\t1.2.840.113549.1.5.10
msExtReq\tMicrosoft Extension Request\t1.3.6.1.4.1.311.2.1.14
extReq\tExtension Request\t1.2.840.113549.1.9.14
name\tname\t2.5.4.41
dnQualifier\tdnQualifier\t2.5.4.46
id-pe\tid-pe\t1.3.6.1.5.5.7.1
id-ad\tid-ad\t1.3.6.1.5.5.7.48
authorityInfoAccess\tAuthority Information Access\t1.3.6.1.5.5.7.1.1
OCSP\tOCSP\t1.3.6.1.5.5.7.48.1
caIssuers\tCA Issuers\t1.3.6.1.5.5.7.48.2
OCSPSigning\tOCSP Signing\t1.3.6.1.5.5.7.3.9
ISO\tiso\t
member-body\tISO Member Body\t1.2
ISO-US\tISO US Member Body\t1.2.840
X9-57\tX9.57\t1.2.840.10040
X9cm\tX9.57 CM ?\t1.2.840.10040.4
pkcs1\tpkcs1\t1.2.840.113549.1.1
pkcs5\tpkcs5\t1.2.840.113549.1.5
SMIME\tS/MIME\t1.2.840.113549.1.9.16
id-smime-mod\tid-smime-mod\t1.2.840.113549.1.9.16.0
id-smime-ct\tid-smime-ct\t1.2.840.113549.1.9.16.1
id-smime-aa\tid-smime-aa\t1.2.840.113549.1.9.16.2
id-smime-alg\tid-smime-alg\t1.2.840.113549.1.9.16.3
id-smime-cd\tid-smime-cd\t1.2.840.113549.1.9.16.4
id-smime-spq\tid-smime-spq\t1.2.840.113549.1.9.16.5
id-smime-cti\tid-smime-cti\t1.2.840.113549.1.9.16.6
id-smime-mod-cms\tid-smime-mod-cms\t1.2.840.113549.1.9.16.0.1
id-smime-mod-ess\tid-smime-mod-ess\t1.2.840.113549.1.9.16.0.2
id-smime-mod-oid\tid-smime-mod-oid\t1.2.840.113549.1.9.16.0.3
id-smime-mod-msg-v3\tid-smime-mod-msg-v3\t1.2.840.113549.1.9.16.0.4
id-smime-mod-ets-eSignature-88\tid-smime-mod-ets-eSignature-88\t1.2.840.113549.1.9.16.0.5
id-smime-mod-ets-eSignature-97\tid-smime-mod-ets-eSignature-97\t1.2.840.113549.1.9.16.0.6
id-smime-mod-ets-eSigPolicy-88\tid-smime-mod-ets-eSigPolicy-88\t1.2.840.113549.1.9.16.0.7
id-smime-mod-ets-eSigPolicy-97\tid-smime-mod-ets-eSigPolicy-97\t1.2.840.113549.1.9.16.0.8
id-smime-ct-receipt\tid-smime-ct-receipt\t1.2.840.113549.1.9.16.1.1
id-smime-ct-authData\tid-smime-ct-authData\t1.2.840.113549.1.9.16.1.2
id-smime-ct-publishCert\tid-smime-ct-publishCert\t1.2.840.113549.1.9.16.1.3
id-smime-ct-TSTInfo\tid-smime-ct-TSTInfo\t1.2.840.113549.1.9.16.1.4
id-smime-ct-TDTInfo\tid-smime-ct-TDTInfo\t1.2.840.113549.1.9.16.1.5
id-smime-ct-contentInfo\tid-smime-ct-contentInfo\t1.2.840.113549.1.9.16.1.6
id-smime-ct-DVCSRequestData\tid-smime-ct-DVCSRequestData\t1.2.840.113549.1.9.16.1.7
id-smime-ct-DVCSResponseData\tid-smime-ct-DVCSResponseData\t1.2.840.113549.1.9.16.1.8
id-smime-aa-receiptRequest\tid-smime-aa-receiptRequest\t1.2.840.113549.1.9.16.2.1
id-smime-aa-securityLabel\tid-smime-aa-securityLabel\t1.2.840.113549.1.9.16.2.2
id-smime-aa-mlExpandHistory\tid-smime-aa-mlExpandHistory\t1.2.840.113549.1.9.16.2.3
id-smime-aa-contentHint\tid-smime-aa-contentHint\t1.2.840.113549.1.9.16.2.4
id-smime-aa-msgSigDigest\tid-smime-aa-msgSigDigest\t1.2.840.113549.1.9.16.2.5
id-smime-aa-encapContentType\tid-smime-aa-encapContentType\t1.2.840.113549.1.9.16.2.6
id-smime-aa-contentIdentifier\tid-smime-aa-contentIdentifier\t1.2.840.113549.1.9.16.2.7
id-smime-aa-macValue\tid-smime-aa-macValue\t1.2.840.113549.1.9.16.2.8
id-smime-aa-equivalentLabels\tid-smime-aa-equivalentLabels\t1.2.840.113549.1.9.16.2.9
id-smime-aa-contentReference\tid-smime-aa-contentReference\t1.2.840.113549.1.9.16.2.10
id-smime-aa-encrypKeyPref\tid-smime-aa-encrypKeyPref\t1.2.840.113549.1.9.16.2.11
id-smime-aa-signingCertificate\tid-smime-aa-signingCertificate\t1.2.840.113549.1.9.16.2.12
id-smime-aa-smimeEncryptCerts\tid-smime-aa-smimeEncryptCerts\t1.2.840.113549.1.9.16.2.13
id-smime-aa-timeStampToken\tid-smime-aa-timeStampToken\t1.2.840.113549.1.9.16.2.14
id-smime-aa-ets-sigPolicyId\tid-smime-aa-ets-sigPolicyId\t1.2.840.113549.1.9.16.2.15
id-smime-aa-ets-commitmentType\tid-smime-aa-ets-commitmentType\t1.2.840.113549.1.9.16.2.16
id-smime-aa-ets-signerLocation\tid-smime-aa-ets-signerLocation\t1.2.840.113549.1.9.16.2.17
id-smime-aa-ets-signerAttr\tid-smime-aa-ets-signerAttr\t1.2.840.113549.1.9.16.2.18
id-smime-aa-ets-otherSigCert\tid-smime-aa-ets-otherSigCert\t1.2.840.113549.1.9.16.2.19
id-smime-aa-ets-contentTimestamp\tid-smime-aa-ets-contentTimestamp\t1.2.840.113549.1.9.16.2.20
id-smime-aa-ets-CertificateRefs\tid-smime-aa-ets-CertificateRefs\t1.2.840.113549.1.9.16.2.21
id-smime-aa-ets-RevocationRefs\tid-smime-aa-ets-RevocationRefs\t1.2.840.113549.1.9.16.2.22
id-smime-aa-ets-certValues\tid-smime-aa-ets-certValues\t1.2.840.113549.1.9.16.2.23
id-smime-aa-ets-revocationValues\tid-smime-aa-ets-revocationValues\t1.2.840.113549.1.9.16.2.24
id-smime-aa-ets-escTimeStamp\tid-smime-aa-ets-escTimeStamp\t1.2.840.113549.1.9.16.2.25
id-smime-aa-ets-certCRLTimestamp\tid-smime-aa-ets-certCRLTimestamp\t1.2.840.113549.1.9.16.2.26
id-smime-aa-ets-archiveTimeStamp\tid-smime-aa-ets-archiveTimeStamp\t1.2.840.113549.1.9.16.2.27
id-smime-aa-signatureType\tid-smime-aa-signatureType\t1.2.840.113549.1.9.16.2.28
id-smime-aa-dvcs-dvc\tid-smime-aa-dvcs-dvc\t1.2.840.113549.1.9.16.2.29
id-smime-alg-ESDHwith3DES\tid-smime-alg-ESDHwith3DES\t1.2.840.113549.1.9.16.3.1
id-smime-alg-ESDHwithRC2\tid-smime-alg-ESDHwithRC2\t1.2.840.113549.1.9.16.3.2
id-smime-alg-3DESwrap\tid-smime-alg-3DESwrap\t1.2.840.113549.1.9.16.3.3
id-smime-alg-RC2wrap\tid-smime-alg-RC2wrap\t1.2.840.113549.1.9.16.3.4
id-smime-alg-ESDH\tid-smime-alg-ESDH\t1.2.840.113549.1.9.16.3.5
id-smime-alg-CMS3DESwrap\tid-smime-alg-CMS3DESwrap\t1.2.840.113549.1.9.16.3.6
id-smime-alg-CMSRC2wrap\tid-smime-alg-CMSRC2wrap\t1.2.840.113549.1.9.16.3.7
id-smime-cd-ldap\tid-smime-cd-ldap\t1.2.840.113549.1.9.16.4.1
id-smime-spq-ets-sqt-uri\tid-smime-spq-ets-sqt-uri\t1.2.840.113549.1.9.16.5.1
id-smime-spq-ets-sqt-unotice\tid-smime-spq-ets-sqt-unotice\t1.2.840.113549.1.9.16.5.2
id-smime-cti-ets-proofOfOrigin\tid-smime-cti-ets-proofOfOrigin\t1.2.840.113549.1.9.16.6.1
id-smime-cti-ets-proofOfReceipt\tid-smime-cti-ets-proofOfReceipt\t1.2.840.113549.1.9.16.6.2
id-smime-cti-ets-proofOfDelivery\tid-smime-cti-ets-proofOfDelivery\t1.2.840.113549.1.9.16.6.3
id-smime-cti-ets-proofOfSender\tid-smime-cti-ets-proofOfSender\t1.2.840.113549.1.9.16.6.4
id-smime-cti-ets-proofOfApproval\tid-smime-cti-ets-proofOfApproval\t1.2.840.113549.1.9.16.6.5
id-smime-cti-ets-proofOfCreation\tid-smime-cti-ets-proofOfCreation\t1.2.840.113549.1.9.16.6.6
MD4\tmd4\t1.2.840.113549.2.4
id-pkix-mod\tid-pkix-mod\t1.3.6.1.5.5.7.0
id-qt\tid-qt\t1.3.6.1.5.5.7.2
id-it\tid-it\t1.3.6.1.5.5.7.4
id-pkip\tid-pkip\t1.3.6.1.5.5.7.5
id-alg\tid-alg\t1.3.6.1.5.5.7.6
id-cmc\tid-cmc\t1.3.6.1.5.5.7.7
id-on\tid-on\t1.3.6.1.5.5.7.8
id-pda\tid-pda\t1.3.6.1.5.5.7.9
id-aca\tid-aca\t1.3.6.1.5.5.7.10
id-qcs\tid-qcs\t1.3.6.1.5.5.7.11
id-cct\tid-cct\t1.3.6.1.5.5.7.12
id-pkix1-explicit-88\tid-pkix1-explicit-88\t1.3.6.1.5.5.7.0.1
id-pkix1-implicit-88\tid-pkix1-implicit-88\t1.3.6.1.5.5.7.0.2
id-pkix1-explicit-93\tid-pkix1-explicit-93\t1.3.6.1.5.5.7.0.3
id-pkix1-implicit-93\tid-pkix1-implicit-93\t1.3.6.1.5.5.7.0.4
id-mod-crmf\tid-mod-crmf\t1.3.6.1.5.5.7.0.5
id-mod-cmc\tid-mod-cmc\t1.3.6.1.5.5.7.0.6
id-mod-kea-profile-88\tid-mod-kea-profile-88\t1.3.6.1.5.5.7.0.7
id-mod-kea-profile-93\tid-mod-kea-profile-93\t1.3.6.1.5.5.7.0.8
id-mod-cmp\tid-mod-cmp\t1.3.6.1.5.5.7.0.9
id-mod-qualified-cert-88\tid-mod-qualified-cert-88\t1.3.6.1.5.5.7.0.10
id-mod-qualified-cert-93\tid-mod-qualified-cert-93\t1.3.6.1.5.5.7.0.11
id-mod-attribute-cert\tid-mod-attribute-cert\t1.3.6.1.5.5.7.0.12
id-mod-timestamp-protocol\tid-mod-timestamp-protocol\t1.3.6.1.5.5.7.0.13
id-mod-ocsp\tid-mod-ocsp\t1.3.6.1.5.5.7.0.14
id-mod-dvcs\tid-mod-dvcs\t1.3.6.1.5.5.7.0.15
id-mod-cmp2000\tid-mod-cmp2000\t1.3.6.1.5.5.7.0.16
biometricInfo\tBiometric Info\t1.3.6.1.5.5.7.1.2
qcStatements\tqcStatements\t1.3.6.1.5.5.7.1.3
ac-auditEntity\tac-auditEntity\t1.3.6.1.5.5.7.1.4
ac-targeting\tac-targeting\t1.3.6.1.5.5.7.1.5
aaControls\taaControls\t1.3.6.1.5.5.7.1.6
sbgp-ipAddrBlock\tsbgp-ipAddrBlock\t1.3.6.1.5.5.7.1.7
sbgp-autonomousSysNum\tsbgp-autonomousSysNum\t1.3.6.1.5.5.7.1.8
sbgp-routerIdentifier\tsbgp-routerIdentifier\t1.3.6.1.5.5.7.1.9
textNotice\ttextNotice\t1.3.6.1.5.5.7.2.3
ipsecEndSystem\tIPSec End System\t1.3.6.1.5.5.7.3.5
ipsecTunnel\tIPSec Tunnel\t1.3.6.1.5.5.7.3.6
ipsecUser\tIPSec User\t1.3.6.1.5.5.7.3.7
DVCS\tdvcs\t1.3.6.1.5.5.7.3.10
id-it-caProtEncCert\tid-it-caProtEncCert\t1.3.6.1.5.5.7.4.1
id-it-signKeyPairTypes\tid-it-signKeyPairTypes\t1.3.6.1.5.5.7.4.2
id-it-encKeyPairTypes\tid-it-encKeyPairTypes\t1.3.6.1.5.5.7.4.3
id-it-preferredSymmAlg\tid-it-preferredSymmAlg\t1.3.6.1.5.5.7.4.4
id-it-caKeyUpdateInfo\tid-it-caKeyUpdateInfo\t1.3.6.1.5.5.7.4.5
id-it-currentCRL\tid-it-currentCRL\t1.3.6.1.5.5.7.4.6
id-it-unsupportedOIDs\tid-it-unsupportedOIDs\t1.3.6.1.5.5.7.4.7
id-it-subscriptionRequest\tid-it-subscriptionRequest\t1.3.6.1.5.5.7.4.8
id-it-subscriptionResponse\tid-it-subscriptionResponse\t1.3.6.1.5.5.7.4.9
id-it-keyPairParamReq\tid-it-keyPairParamReq\t1.3.6.1.5.5.7.4.10
id-it-keyPairParamRep\tid-it-keyPairParamRep\t1.3.6.1.5.5.7.4.11
id-it-revPassphrase\tid-it-revPassphrase\t1.3.6.1.5.5.7.4.12
id-it-implicitConfirm\tid-it-implicitConfirm\t1.3.6.1.5.5.7.4.13
id-it-confirmWaitTime\tid-it-confirmWaitTime\t1.3.6.1.5.5.7.4.14
id-it-origPKIMessage\tid-it-origPKIMessage\t1.3.6.1.5.5.7.4.15
id-regCtrl\tid-regCtrl\t1.3.6.1.5.5.7.5.1
id-regInfo\tid-regInfo\t1.3.6.1.5.5.7.5.2
id-regCtrl-regToken\tid-regCtrl-regToken\t1.3.6.1.5.5.7.5.1.1
id-regCtrl-authenticator\tid-regCtrl-authenticator\t1.3.6.1.5.5.7.5.1.2
id-regCtrl-pkiPublicationInfo\tid-regCtrl-pkiPublicationInfo\t1.3.6.1.5.5.7.5.1.3
id-regCtrl-pkiArchiveOptions\tid-regCtrl-pkiArchiveOptions\t1.3.6.1.5.5.7.5.1.4
id-regCtrl-oldCertID\tid-regCtrl-oldCertID\t1.3.6.1.5.5.7.5.1.5
id-regCtrl-protocolEncrKey\tid-regCtrl-protocolEncrKey\t1.3.6.1.5.5.7.5.1.6
id-regInfo-utf8Pairs\tid-regInfo-utf8Pairs\t1.3.6.1.5.5.7.5.2.1
id-regInfo-certReq\tid-regInfo-certReq\t1.3.6.1.5.5.7.5.2.2
id-alg-des40\tid-alg-des40\t1.3.6.1.5.5.7.6.1
id-alg-noSignature\tid-alg-noSignature\t1.3.6.1.5.5.7.6.2
id-alg-dh-sig-hmac-sha1\tid-alg-dh-sig-hmac-sha1\t1.3.6.1.5.5.7.6.3
id-alg-dh-pop\tid-alg-dh-pop\t1.3.6.1.5.5.7.6.4
id-cmc-statusInfo\tid-cmc-statusInfo\t1.3.6.1.5.5.7.7.1
id-cmc-identification\tid-cmc-identification\t1.3.6.1.5.5.7.7.2
id-cmc-identityProof\tid-cmc-identityProof\t1.3.6.1.5.5.7.7.3
id-cmc-dataReturn\tid-cmc-dataReturn\t1.3.6.1.5.5.7.7.4
id-cmc-transactionId\tid-cmc-transactionId\t1.3.6.1.5.5.7.7.5
id-cmc-senderNonce\tid-cmc-senderNonce\t1.3.6.1.5.5.7.7.6
id-cmc-recipientNonce\tid-cmc-recipientNonce\t1.3.6.1.5.5.7.7.7
id-cmc-addExtensions\tid-cmc-addExtensions\t1.3.6.1.5.5.7.7.8
id-cmc-encryptedPOP\tid-cmc-encryptedPOP\t1.3.6.1.5.5.7.7.9
id-cmc-decryptedPOP\tid-cmc-decryptedPOP\t1.3.6.1.5.5.7.7.10
id-cmc-lraPOPWitness\tid-cmc-lraPOPWitness\t1.3.6.1.5.5.7.7.11
id-cmc-getCert\tid-cmc-getCert\t1.3.6.1.5.5.7.7.15
id-cmc-getCRL\tid-cmc-getCRL\t1.3.6.1.5.5.7.7.16
id-cmc-revokeRequest\tid-cmc-revokeRequest\t1.3.6.1.5.5.7.7.17
id-cmc-regInfo\tid-cmc-regInfo\t1.3.6.1.5.5.7.7.18
id-cmc-responseInfo\tid-cmc-responseInfo\t1.3.6.1.5.5.7.7.19
id-cmc-queryPending\tid-cmc-queryPending\t1.3.6.1.5.5.7.7.21
id-cmc-popLinkRandom\tid-cmc-popLinkRandom\t1.3.6.1.5.5.7.7.22
id-cmc-popLinkWitness\tid-cmc-popLinkWitness\t1.3.6.1.5.5.7.7.23
id-cmc-confirmCertAcceptance\tid-cmc-confirmCertAcceptance\t1.3.6.1.5.5.7.7.24
id-on-personalData\tid-on-personalData\t1.3.6.1.5.5.7.8.1
id-pda-dateOfBirth\tid-pda-dateOfBirth\t1.3.6.1.5.5.7.9.1
id-pda-placeOfBirth\tid-pda-placeOfBirth\t1.3.6.1.5.5.7.9.2
id-pda-gender\tid-pda-gender\t1.3.6.1.5.5.7.9.3
id-pda-countryOfCitizenship\tid-pda-countryOfCitizenship\t1.3.6.1.5.5.7.9.4
id-pda-countryOfResidence\tid-pda-countryOfResidence\t1.3.6.1.5.5.7.9.5
id-aca-authenticationInfo\tid-aca-authenticationInfo\t1.3.6.1.5.5.7.10.1
id-aca-accessIdentity\tid-aca-accessIdentity\t1.3.6.1.5.5.7.10.2
id-aca-chargingIdentity\tid-aca-chargingIdentity\t1.3.6.1.5.5.7.10.3
id-aca-group\tid-aca-group\t1.3.6.1.5.5.7.10.4
id-aca-role\tid-aca-role\t1.3.6.1.5.5.7.10.5
id-qcs-pkixQCSyntax-v1\tid-qcs-pkixQCSyntax-v1\t1.3.6.1.5.5.7.11.1
id-cct-crs\tid-cct-crs\t1.3.6.1.5.5.7.12.1
id-cct-PKIData\tid-cct-PKIData\t1.3.6.1.5.5.7.12.2
id-cct-PKIResponse\tid-cct-PKIResponse\t1.3.6.1.5.5.7.12.3
ad_timestamping\tAD Time Stamping\t1.3.6.1.5.5.7.48.3
AD_DVCS\tad dvcs\t1.3.6.1.5.5.7.48.4
basicOCSPResponse\tBasic OCSP Response\t1.3.6.1.5.5.7.48.1.1
Nonce\tOCSP Nonce\t1.3.6.1.5.5.7.48.1.2
CrlID\tOCSP CRL ID\t1.3.6.1.5.5.7.48.1.3
acceptableResponses\tAcceptable OCSP Responses\t1.3.6.1.5.5.7.48.1.4
noCheck\tOCSP No Check\t1.3.6.1.5.5.7.48.1.5
archiveCutoff\tOCSP Archive Cutoff\t1.3.6.1.5.5.7.48.1.6
serviceLocator\tOCSP Service Locator\t1.3.6.1.5.5.7.48.1.7
extendedStatus\tExtended OCSP Status\t1.3.6.1.5.5.7.48.1.8
valid\tvalid\t1.3.6.1.5.5.7.48.1.9
path\tpath\t1.3.6.1.5.5.7.48.1.10
trustRoot\tTrust Root\t1.3.6.1.5.5.7.48.1.11
algorithm\talgorithm\t1.3.14.3.2
rsaSignature\trsaSignature\t1.3.14.3.2.11
X500algorithms\tdirectory services - algorithms\t2.5.8
ORG\torg\t1.3
DOD\tdod\t1.3.6
IANA\tiana\t1.3.6.1
directory\tDirectory\t1.3.6.1.1
mgmt\tManagement\t1.3.6.1.2
experimental\tExperimental\t1.3.6.1.3
private\tPrivate\t1.3.6.1.4
security\tSecurity\t1.3.6.1.5
snmpv2\tSNMPv2\t1.3.6.1.6
Mail\tMail\t1.3.6.1.7
enterprises\tEnterprises\t1.3.6.1.4.1
dcobject\tdcObject\t1.3.6.1.4.1.1466.344
DC\tdomainComponent\t0.9.2342.19200300.100.1.25
domain\tDomain\t0.9.2342.19200300.100.4.13
NULL\tNULL\t
selected-attribute-types\tSelected Attribute Types\t2.5.1.5
clearance\tclearance\t2.5.1.5.55
RSA-MD4\tmd4WithRSAEncryption\t1.2.840.113549.1.1.3
ac-proxying\tac-proxying\t1.3.6.1.5.5.7.1.10
subjectInfoAccess\tSubject Information Access\t1.3.6.1.5.5.7.1.11
id-aca-encAttrs\tid-aca-encAttrs\t1.3.6.1.5.5.7.10.6
role\trole\t2.5.4.72
policyConstraints\tX509v3 Policy Constraints\t2.5.29.36
targetInformation\tX509v3 AC Targeting\t2.5.29.55
noRevAvail\tX509v3 No Revocation Available\t2.5.29.56
NULL\tNULL\t
ansi-X9-62\tANSI X9.62\t1.2.840.10045
prime-field\tprime-field\t1.2.840.10045.1.1
characteristic-two-field\tcharacteristic-two-field\t1.2.840.10045.1.2
id-ecPublicKey\tid-ecPublicKey\t1.2.840.10045.2.1
prime192v1\tprime192v1\t1.2.840.10045.3.1.1
prime192v2\tprime192v2\t1.2.840.10045.3.1.2
prime192v3\tprime192v3\t1.2.840.10045.3.1.3
prime239v1\tprime239v1\t1.2.840.10045.3.1.4
prime239v2\tprime239v2\t1.2.840.10045.3.1.5
prime239v3\tprime239v3\t1.2.840.10045.3.1.6
prime256v1\tprime256v1\t1.2.840.10045.3.1.7
ecdsa-with-SHA1\tecdsa-with-SHA1\t1.2.840.10045.4.1
CSPName\tMicrosoft CSP Name\t1.3.6.1.4.1.311.17.1
AES-128-ECB\taes-128-ecb\t2.16.840.1.101.3.4.1.1
AES-128-CBC\taes-128-cbc\t2.16.840.1.101.3.4.1.2
AES-128-OFB\taes-128-ofb\t2.16.840.1.101.3.4.1.3
AES-128-CFB\taes-128-cfb\t2.16.840.1.101.3.4.1.4
AES-192-ECB\taes-192-ecb\t2.16.840.1.101.3.4.1.21
AES-192-CBC\taes-192-cbc\t2.16.840.1.101.3.4.1.22
AES-192-OFB\taes-192-ofb\t2.16.840.1.101.3.4.1.23
AES-192-CFB\taes-192-cfb\t2.16.840.1.101.3.4.1.24
AES-256-ECB\taes-256-ecb\t2.16.840.1.101.3.4.1.41
AES-256-CBC\taes-256-cbc\t2.16.840.1.101.3.4.1.42
AES-256-OFB\taes-256-ofb\t2.16.840.1.101.3.4.1.43
AES-256-CFB\taes-256-cfb\t2.16.840.1.101.3.4.1.44
holdInstructionCode\tHold Instruction Code\t2.5.29.23
holdInstructionNone\tHold Instruction None\t1.2.840.10040.2.1
holdInstructionCallIssuer\tHold Instruction Call Issuer\t1.2.840.10040.2.2
holdInstructionReject\tHold Instruction Reject\t1.2.840.10040.2.3
data\tdata\t0.9
pss\tpss\t0.9.2342
ucl\tucl\t0.9.2342.19200300
pilot\tpilot\t0.9.2342.19200300.100
pilotAttributeType\tpilotAttributeType\t0.9.2342.19200300.100.1
pilotAttributeSyntax\tpilotAttributeSyntax\t0.9.2342.19200300.100.3
pilotObjectClass\tpilotObjectClass\t0.9.2342.19200300.100.4
pilotGroups\tpilotGroups\t0.9.2342.19200300.100.10
iA5StringSyntax\tiA5StringSyntax\t0.9.2342.19200300.100.3.4
caseIgnoreIA5StringSyntax\tcaseIgnoreIA5StringSyntax\t0.9.2342.19200300.100.3.5
pilotObject\tpilotObject\t0.9.2342.19200300.100.4.3
pilotPerson\tpilotPerson\t0.9.2342.19200300.100.4.4
account\taccount\t0.9.2342.19200300.100.4.5
document\tdocument\t0.9.2342.19200300.100.4.6
room\troom\t0.9.2342.19200300.100.4.7
documentSeries\tdocumentSeries\t0.9.2342.19200300.100.4.9
rFC822localPart\trFC822localPart\t0.9.2342.19200300.100.4.14
dNSDomain\tdNSDomain\t0.9.2342.19200300.100.4.15
domainRelatedObject\tdomainRelatedObject\t0.9.2342.19200300.100.4.17
friendlyCountry\tfriendlyCountry\t0.9.2342.19200300.100.4.18
simpleSecurityObject\tsimpleSecurityObject\t0.9.2342.19200300.100.4.19
pilotOrganization\tpilotOrganization\t0.9.2342.19200300.100.4.20
pilotDSA\tpilotDSA\t0.9.2342.19200300.100.4.21
qualityLabelledData\tqualityLabelledData\t0.9.2342.19200300.100.4.22
UID\tuserId\t0.9.2342.19200300.100.1.1
textEncodedORAddress\ttextEncodedORAddress\t0.9.2342.19200300.100.1.2
mail\trfc822Mailbox\t0.9.2342.19200300.100.1.3
info\tinfo\t0.9.2342.19200300.100.1.4
favouriteDrink\tfavouriteDrink\t0.9.2342.19200300.100.1.5
roomNumber\troomNumber\t0.9.2342.19200300.100.1.6
photo\tphoto\t0.9.2342.19200300.100.1.7
userClass\tuserClass\t0.9.2342.19200300.100.1.8
host\thost\t0.9.2342.19200300.100.1.9
manager\tmanager\t0.9.2342.19200300.100.1.10
documentIdentifier\tdocumentIdentifier\t0.9.2342.19200300.100.1.11
documentTitle\tdocumentTitle\t0.9.2342.19200300.100.1.12
documentVersion\tdocumentVersion\t0.9.2342.19200300.100.1.13
documentAuthor\tdocumentAuthor\t0.9.2342.19200300.100.1.14
documentLocation\tdocumentLocation\t0.9.2342.19200300.100.1.15
homeTelephoneNumber\thomeTelephoneNumber\t0.9.2342.19200300.100.1.20
secretary\tsecretary\t0.9.2342.19200300.100.1.21
otherMailbox\totherMailbox\t0.9.2342.19200300.100.1.22
lastModifiedTime\tlastModifiedTime\t0.9.2342.19200300.100.1.23
lastModifiedBy\tlastModifiedBy\t0.9.2342.19200300.100.1.24
aRecord\taRecord\t0.9.2342.19200300.100.1.26
pilotAttributeType27\tpilotAttributeType27\t0.9.2342.19200300.100.1.27
mXRecord\tmXRecord\t0.9.2342.19200300.100.1.28
nSRecord\tnSRecord\t0.9.2342.19200300.100.1.29
sOARecord\tsOARecord\t0.9.2342.19200300.100.1.30
cNAMERecord\tcNAMERecord\t0.9.2342.19200300.100.1.31
associatedDomain\tassociatedDomain\t0.9.2342.19200300.100.1.37
associatedName\tassociatedName\t0.9.2342.19200300.100.1.38
homePostalAddress\thomePostalAddress\t0.9.2342.19200300.100.1.39
personalTitle\tpersonalTitle\t0.9.2342.19200300.100.1.40
mobileTelephoneNumber\tmobileTelephoneNumber\t0.9.2342.19200300.100.1.41
pagerTelephoneNumber\tpagerTelephoneNumber\t0.9.2342.19200300.100.1.42
friendlyCountryName\tfriendlyCountryName\t0.9.2342.19200300.100.1.43
organizationalStatus\torganizationalStatus\t0.9.2342.19200300.100.1.45
janetMailbox\tjanetMailbox\t0.9.2342.19200300.100.1.46
mailPreferenceOption\tmailPreferenceOption\t0.9.2342.19200300.100.1.47
buildingName\tbuildingName\t0.9.2342.19200300.100.1.48
dSAQuality\tdSAQuality\t0.9.2342.19200300.100.1.49
singleLevelQuality\tsingleLevelQuality\t0.9.2342.19200300.100.1.50
subtreeMinimumQuality\tsubtreeMinimumQuality\t0.9.2342.19200300.100.1.51
subtreeMaximumQuality\tsubtreeMaximumQuality\t0.9.2342.19200300.100.1.52
personalSignature\tpersonalSignature\t0.9.2342.19200300.100.1.53
dITRedirect\tdITRedirect\t0.9.2342.19200300.100.1.54
audio\taudio\t0.9.2342.19200300.100.1.55
documentPublisher\tdocumentPublisher\t0.9.2342.19200300.100.1.56
x500UniqueIdentifier\tx500UniqueIdentifier\t2.5.4.45
mime-mhs\tMIME MHS\t1.3.6.1.7.1
mime-mhs-headings\tmime-mhs-headings\t1.3.6.1.7.1.1
mime-mhs-bodies\tmime-mhs-bodies\t1.3.6.1.7.1.2
id-hex-partial-message\tid-hex-partial-message\t1.3.6.1.7.1.1.1
id-hex-multipart-message\tid-hex-multipart-message\t1.3.6.1.7.1.1.2
generationQualifier\tgenerationQualifier\t2.5.4.44
pseudonym\tpseudonym\t2.5.4.65
id-set\tSecure Electronic Transactions\t2.23.42
set-ctype\tcontent types\t2.23.42.0
set-msgExt\tmessage extensions\t2.23.42.1
set-attr\tset-attr\t2.23.42.3
set-policy\tset-policy\t2.23.42.5
set-certExt\tcertificate extensions\t2.23.42.7
set-brand\tset-brand\t2.23.42.8
setct-PANData\tsetct-PANData\t2.23.42.0.0
setct-PANToken\tsetct-PANToken\t2.23.42.0.1
setct-PANOnly\tsetct-PANOnly\t2.23.42.0.2
setct-OIData\tsetct-OIData\t2.23.42.0.3
setct-PI\tsetct-PI\t2.23.42.0.4
setct-PIData\tsetct-PIData\t2.23.42.0.5
setct-PIDataUnsigned\tsetct-PIDataUnsigned\t2.23.42.0.6
setct-HODInput\tsetct-HODInput\t2.23.42.0.7
setct-AuthResBaggage\tsetct-AuthResBaggage\t2.23.42.0.8
setct-AuthRevReqBaggage\tsetct-AuthRevReqBaggage\t2.23.42.0.9
setct-AuthRevResBaggage\tsetct-AuthRevResBaggage\t2.23.42.0.10
setct-CapTokenSeq\tsetct-CapTokenSeq\t2.23.42.0.11
setct-PInitResData\tsetct-PInitResData\t2.23.42.0.12
setct-PI-TBS\tsetct-PI-TBS\t2.23.42.0.13
setct-PResData\tsetct-PResData\t2.23.42.0.14
setct-AuthReqTBS\tsetct-AuthReqTBS\t2.23.42.0.16
setct-AuthResTBS\tsetct-AuthResTBS\t2.23.42.0.17
setct-AuthResTBSX\tsetct-AuthResTBSX\t2.23.42.0.18
setct-AuthTokenTBS\tsetct-AuthTokenTBS\t2.23.42.0.19
setct-CapTokenData\tsetct-CapTokenData\t2.23.42.0.20
setct-CapTokenTBS\tsetct-CapTokenTBS\t2.23.42.0.21
setct-AcqCardCodeMsg\tsetct-AcqCardCodeMsg\t2.23.42.0.22
setct-AuthRevReqTBS\tsetct-AuthRevReqTBS\t2.23.42.0.23
setct-AuthRevResData\tsetct-AuthRevResData\t2.23.42.0.24
setct-AuthRevResTBS\tsetct-AuthRevResTBS\t2.23.42.0.25
setct-CapReqTBS\tsetct-CapReqTBS\t2.23.42.0.26
setct-CapReqTBSX\tsetct-CapReqTBSX\t2.23.42.0.27
setct-CapResData\tsetct-CapResData\t2.23.42.0.28
setct-CapRevReqTBS\tsetct-CapRevReqTBS\t2.23.42.0.29
setct-CapRevReqTBSX\tsetct-CapRevReqTBSX\t2.23.42.0.30
setct-CapRevResData\tsetct-CapRevResData\t2.23.42.0.31
setct-CredReqTBS\tsetct-CredReqTBS\t2.23.42.0.32
setct-CredReqTBSX\tsetct-CredReqTBSX\t2.23.42.0.33
setct-CredResData\tsetct-CredResData\t2.23.42.0.34
setct-CredRevReqTBS\tsetct-CredRevReqTBS\t2.23.42.0.35
setct-CredRevReqTBSX\tsetct-CredRevReqTBSX\t2.23.42.0.36
setct-CredRevResData\tsetct-CredRevResData\t2.23.42.0.37
setct-PCertReqData\tsetct-PCertReqData\t2.23.42.0.38
setct-PCertResTBS\tsetct-PCertResTBS\t2.23.42.0.39
setct-BatchAdminReqData\tsetct-BatchAdminReqData\t2.23.42.0.40
setct-BatchAdminResData\tsetct-BatchAdminResData\t2.23.42.0.41
setct-CardCInitResTBS\tsetct-CardCInitResTBS\t2.23.42.0.42
setct-MeAqCInitResTBS\tsetct-MeAqCInitResTBS\t2.23.42.0.43
setct-RegFormResTBS\tsetct-RegFormResTBS\t2.23.42.0.44
setct-CertReqData\tsetct-CertReqData\t2.23.42.0.45
setct-CertReqTBS\tsetct-CertReqTBS\t2.23.42.0.46
setct-CertResData\tsetct-CertResData\t2.23.42.0.47
setct-CertInqReqTBS\tsetct-CertInqReqTBS\t2.23.42.0.48
setct-ErrorTBS\tsetct-ErrorTBS\t2.23.42.0.49
setct-PIDualSignedTBE\tsetct-PIDualSignedTBE\t2.23.42.0.50
setct-PIUnsignedTBE\tsetct-PIUnsignedTBE\t2.23.42.0.51
setct-AuthReqTBE\tsetct-AuthReqTBE\t2.23.42.0.52
setct-AuthResTBE\tsetct-AuthResTBE\t2.23.42.0.53
setct-AuthResTBEX\tsetct-AuthResTBEX\t2.23.42.0.54
setct-AuthTokenTBE\tsetct-AuthTokenTBE\t2.23.42.0.55
setct-CapTokenTBE\tsetct-CapTokenTBE\t2.23.42.0.56
setct-CapTokenTBEX\tsetct-CapTokenTBEX\t2.23.42.0.57
setct-AcqCardCodeMsgTBE\tsetct-AcqCardCodeMsgTBE\t2.23.42.0.58
setct-AuthRevReqTBE\tsetct-AuthRevReqTBE\t2.23.42.0.59
setct-AuthRevResTBE\tsetct-AuthRevResTBE\t2.23.42.0.60
setct-AuthRevResTBEB\tsetct-AuthRevResTBEB\t2.23.42.0.61
setct-CapReqTBE\tsetct-CapReqTBE\t2.23.42.0.62
setct-CapReqTBEX\tsetct-CapReqTBEX\t2.23.42.0.63
setct-CapResTBE\tsetct-CapResTBE\t2.23.42.0.64
setct-CapRevReqTBE\tsetct-CapRevReqTBE\t2.23.42.0.65
setct-CapRevReqTBEX\tsetct-CapRevReqTBEX\t2.23.42.0.66
setct-CapRevResTBE\tsetct-CapRevResTBE\t2.23.42.0.67
setct-CredReqTBE\tsetct-CredReqTBE\t2.23.42.0.68
setct-CredReqTBEX\tsetct-CredReqTBEX\t2.23.42.0.69
setct-CredResTBE\tsetct-CredResTBE\t2.23.42.0.70
setct-CredRevReqTBE\tsetct-CredRevReqTBE\t2.23.42.0.71
setct-CredRevReqTBEX\tsetct-CredRevReqTBEX\t2.23.42.0.72
setct-CredRevResTBE\tsetct-CredRevResTBE\t2.23.42.0.73
setct-BatchAdminReqTBE\tsetct-BatchAdminReqTBE\t2.23.42.0.74
setct-BatchAdminResTBE\tsetct-BatchAdminResTBE\t2.23.42.0.75
setct-RegFormReqTBE\tsetct-RegFormReqTBE\t2.23.42.0.76
setct-CertReqTBE\tsetct-CertReqTBE\t2.23.42.0.77
setct-CertReqTBEX\tsetct-CertReqTBEX\t2.23.42.0.78
setct-CertResTBE\tsetct-CertResTBE\t2.23.42.0.79
setct-CRLNotificationTBS\tsetct-CRLNotificationTBS\t2.23.42.0.80
setct-CRLNotificationResTBS\tsetct-CRLNotificationResTBS\t2.23.42.0.81
setct-BCIDistributionTBS\tsetct-BCIDistributionTBS\t2.23.42.0.82
setext-genCrypt\tgeneric cryptogram\t2.23.42.1.1
setext-miAuth\tmerchant initiated auth\t2.23.42.1.3
setext-pinSecure\tsetext-pinSecure\t2.23.42.1.4
setext-pinAny\tsetext-pinAny\t2.23.42.1.5
setext-track2\tsetext-track2\t2.23.42.1.7
setext-cv\tadditional verification\t2.23.42.1.8
set-policy-root\tset-policy-root\t2.23.42.5.0
setCext-hashedRoot\tsetCext-hashedRoot\t2.23.42.7.0
setCext-certType\tsetCext-certType\t2.23.42.7.1
setCext-merchData\tsetCext-merchData\t2.23.42.7.2
setCext-cCertRequired\tsetCext-cCertRequired\t2.23.42.7.3
setCext-tunneling\tsetCext-tunneling\t2.23.42.7.4
setCext-setExt\tsetCext-setExt\t2.23.42.7.5
setCext-setQualf\tsetCext-setQualf\t2.23.42.7.6
setCext-PGWYcapabilities\tsetCext-PGWYcapabilities\t2.23.42.7.7
setCext-TokenIdentifier\tsetCext-TokenIdentifier\t2.23.42.7.8
setCext-Track2Data\tsetCext-Track2Data\t2.23.42.7.9
setCext-TokenType\tsetCext-TokenType\t2.23.42.7.10
setCext-IssuerCapabilities\tsetCext-IssuerCapabilities\t2.23.42.7.11
setAttr-Cert\tsetAttr-Cert\t2.23.42.3.0
setAttr-PGWYcap\tpayment gateway capabilities\t2.23.42.3.1
setAttr-TokenType\tsetAttr-TokenType\t2.23.42.3.2
setAttr-IssCap\tissuer capabilities\t2.23.42.3.3
set-rootKeyThumb\tset-rootKeyThumb\t2.23.42.3.0.0
set-addPolicy\tset-addPolicy\t2.23.42.3.0.1
setAttr-Token-EMV\tsetAttr-Token-EMV\t2.23.42.3.2.1
setAttr-Token-B0Prime\tsetAttr-Token-B0Prime\t2.23.42.3.2.2
setAttr-IssCap-CVM\tsetAttr-IssCap-CVM\t2.23.42.3.3.3
setAttr-IssCap-T2\tsetAttr-IssCap-T2\t2.23.42.3.3.4
setAttr-IssCap-Sig\tsetAttr-IssCap-Sig\t2.23.42.3.3.5
setAttr-GenCryptgrm\tgenerate cryptogram\t2.23.42.3.3.3.1
setAttr-T2Enc\tencrypted track 2\t2.23.42.3.3.4.1
setAttr-T2cleartxt\tcleartext track 2\t2.23.42.3.3.4.2
setAttr-TokICCsig\tICC or token signature\t2.23.42.3.3.5.1
setAttr-SecDevSig\tsecure device signature\t2.23.42.3.3.5.2
set-brand-IATA-ATA\tset-brand-IATA-ATA\t2.23.42.8.1
set-brand-Diners\tset-brand-Diners\t2.23.42.8.30
set-brand-AmericanExpress\tset-brand-AmericanExpress\t2.23.42.8.34
set-brand-JCB\tset-brand-JCB\t2.23.42.8.35
set-brand-Visa\tset-brand-Visa\t2.23.42.8.4
set-brand-MasterCard\tset-brand-MasterCard\t2.23.42.8.5
set-brand-Novus\tset-brand-Novus\t2.23.42.8.6011
DES-CDMF\tdes-cdmf\t1.2.840.113549.3.10
rsaOAEPEncryptionSET\trsaOAEPEncryptionSET\t1.2.840.113549.1.1.6
ITU-T\titu-t\t
JOINT-ISO-ITU-T\tjoint-iso-itu-t\t
international-organizations\tInternational Organizations\t2.23
msSmartcardLogin\tMicrosoft Smartcard Login\t1.3.6.1.4.1.311.20.2.2
msUPN\tMicrosoft User Principal Name\t1.3.6.1.4.1.311.20.2.3
AES-128-CFB1\taes-128-cfb1\t
AES-192-CFB1\taes-192-cfb1\t
AES-256-CFB1\taes-256-cfb1\t
AES-128-CFB8\taes-128-cfb8\t
AES-192-CFB8\taes-192-cfb8\t
AES-256-CFB8\taes-256-cfb8\t
DES-CFB1\tdes-cfb1\t
DES-CFB8\tdes-cfb8\t
DES-EDE3-CFB1\tdes-ede3-cfb1\t
DES-EDE3-CFB8\tdes-ede3-cfb8\t
street\tstreetAddress\t2.5.4.9
postalCode\tpostalCode\t2.5.4.17
id-ppl\tid-ppl\t1.3.6.1.5.5.7.21
proxyCertInfo\tProxy Certificate Information\t1.3.6.1.5.5.7.1.14
id-ppl-anyLanguage\tAny language\t1.3.6.1.5.5.7.21.0
id-ppl-inheritAll\tInherit all\t1.3.6.1.5.5.7.21.1
nameConstraints\tX509v3 Name Constraints\t2.5.29.30
id-ppl-independent\tIndependent\t1.3.6.1.5.5.7.21.2
RSA-SHA256\tsha256WithRSAEncryption\t1.2.840.113549.1.1.11
RSA-SHA384\tsha384WithRSAEncryption\t1.2.840.113549.1.1.12
RSA-SHA512\tsha512WithRSAEncryption\t1.2.840.113549.1.1.13
RSA-SHA224\tsha224WithRSAEncryption\t1.2.840.113549.1.1.14
SHA256\tsha256\t2.16.840.1.101.3.4.2.1
SHA384\tsha384\t2.16.840.1.101.3.4.2.2
SHA512\tsha512\t2.16.840.1.101.3.4.2.3
SHA224\tsha224\t2.16.840.1.101.3.4.2.4
identified-organization\tidentified-organization\t1.3
certicom-arc\tcerticom-arc\t1.3.132
wap\twap\t2.23.43
wap-wsg\twap-wsg\t2.23.43.1
id-characteristic-two-basis\tid-characteristic-two-basis\t1.2.840.10045.1.2.3
onBasis\tonBasis\t1.2.840.10045.1.2.3.1
tpBasis\ttpBasis\t1.2.840.10045.1.2.3.2
ppBasis\tppBasis\t1.2.840.10045.1.2.3.3
c2pnb163v1\tc2pnb163v1\t1.2.840.10045.3.0.1
c2pnb163v2\tc2pnb163v2\t1.2.840.10045.3.0.2
c2pnb163v3\tc2pnb163v3\t1.2.840.10045.3.0.3
c2pnb176v1\tc2pnb176v1\t1.2.840.10045.3.0.4
c2tnb191v1\tc2tnb191v1\t1.2.840.10045.3.0.5
c2tnb191v2\tc2tnb191v2\t1.2.840.10045.3.0.6
c2tnb191v3\tc2tnb191v3\t1.2.840.10045.3.0.7
c2onb191v4\tc2onb191v4\t1.2.840.10045.3.0.8
c2onb191v5\tc2onb191v5\t1.2.840.10045.3.0.9
c2pnb208w1\tc2pnb208w1\t1.2.840.10045.3.0.10
c2tnb239v1\tc2tnb239v1\t1.2.840.10045.3.0.11
c2tnb239v2\tc2tnb239v2\t1.2.840.10045.3.0.12
c2tnb239v3\tc2tnb239v3\t1.2.840.10045.3.0.13
c2onb239v4\tc2onb239v4\t1.2.840.10045.3.0.14
c2onb239v5\tc2onb239v5\t1.2.840.10045.3.0.15
c2pnb272w1\tc2pnb272w1\t1.2.840.10045.3.0.16
c2pnb304w1\tc2pnb304w1\t1.2.840.10045.3.0.17
c2tnb359v1\tc2tnb359v1\t1.2.840.10045.3.0.18
c2pnb368w1\tc2pnb368w1\t1.2.840.10045.3.0.19
c2tnb431r1\tc2tnb431r1\t1.2.840.10045.3.0.20
secp112r1\tsecp112r1\t1.3.132.0.6
secp112r2\tsecp112r2\t1.3.132.0.7
secp128r1\tsecp128r1\t1.3.132.0.28
secp128r2\tsecp128r2\t1.3.132.0.29
secp160k1\tsecp160k1\t1.3.132.0.9
secp160r1\tsecp160r1\t1.3.132.0.8
secp160r2\tsecp160r2\t1.3.132.0.30
secp192k1\tsecp192k1\t1.3.132.0.31
secp224k1\tsecp224k1\t1.3.132.0.32
secp224r1\tsecp224r1\t1.3.132.0.33
secp256k1\tsecp256k1\t1.3.132.0.10
secp384r1\tsecp384r1\t1.3.132.0.34
secp521r1\tsecp521r1\t1.3.132.0.35
sect113r1\tsect113r1\t1.3.132.0.4
sect113r2\tsect113r2\t1.3.132.0.5
sect131r1\tsect131r1\t1.3.132.0.22
sect131r2\tsect131r2\t1.3.132.0.23
sect163k1\tsect163k1\t1.3.132.0.1
sect163r1\tsect163r1\t1.3.132.0.2
sect163r2\tsect163r2\t1.3.132.0.15
sect193r1\tsect193r1\t1.3.132.0.24
sect193r2\tsect193r2\t1.3.132.0.25
sect233k1\tsect233k1\t1.3.132.0.26
sect233r1\tsect233r1\t1.3.132.0.27
sect239k1\tsect239k1\t1.3.132.0.3
sect283k1\tsect283k1\t1.3.132.0.16
sect283r1\tsect283r1\t1.3.132.0.17
sect409k1\tsect409k1\t1.3.132.0.36
sect409r1\tsect409r1\t1.3.132.0.37
sect571k1\tsect571k1\t1.3.132.0.38
sect571r1\tsect571r1\t1.3.132.0.39
wap-wsg-idm-ecid-wtls1\twap-wsg-idm-ecid-wtls1\t2.23.43.1.4.1
wap-wsg-idm-ecid-wtls3\twap-wsg-idm-ecid-wtls3\t2.23.43.1.4.3
wap-wsg-idm-ecid-wtls4\twap-wsg-idm-ecid-wtls4\t2.23.43.1.4.4
wap-wsg-idm-ecid-wtls5\twap-wsg-idm-ecid-wtls5\t2.23.43.1.4.5
wap-wsg-idm-ecid-wtls6\twap-wsg-idm-ecid-wtls6\t2.23.43.1.4.6
wap-wsg-idm-ecid-wtls7\twap-wsg-idm-ecid-wtls7\t2.23.43.1.4.7
wap-wsg-idm-ecid-wtls8\twap-wsg-idm-ecid-wtls8\t2.23.43.1.4.8
wap-wsg-idm-ecid-wtls9\twap-wsg-idm-ecid-wtls9\t2.23.43.1.4.9
wap-wsg-idm-ecid-wtls10\twap-wsg-idm-ecid-wtls10\t2.23.43.1.4.10
wap-wsg-idm-ecid-wtls11\twap-wsg-idm-ecid-wtls11\t2.23.43.1.4.11
wap-wsg-idm-ecid-wtls12\twap-wsg-idm-ecid-wtls12\t2.23.43.1.4.12
anyPolicy\tX509v3 Any Policy\t2.5.29.32.0
policyMappings\tX509v3 Policy Mappings\t2.5.29.33
inhibitAnyPolicy\tX509v3 Inhibit Any Policy\t2.5.29.54
Oakley-EC2N-3\tipsec3\t
Oakley-EC2N-4\tipsec4\t
CAMELLIA-128-CBC\tcamellia-128-cbc\t1.2.392.200011.61.1.1.1.2
CAMELLIA-192-CBC\tcamellia-192-cbc\t1.2.392.200011.61.1.1.1.3
CAMELLIA-256-CBC\tcamellia-256-cbc\t1.2.392.200011.61.1.1.1.4
CAMELLIA-128-ECB\tcamellia-128-ecb\t0.3.4401.5.3.1.9.1
CAMELLIA-192-ECB\tcamellia-192-ecb\t0.3.4401.5.3.1.9.21
CAMELLIA-256-ECB\tcamellia-256-ecb\t0.3.4401.5.3.1.9.41
CAMELLIA-128-CFB\tcamellia-128-cfb\t0.3.4401.5.3.1.9.4
CAMELLIA-192-CFB\tcamellia-192-cfb\t0.3.4401.5.3.1.9.24
CAMELLIA-256-CFB\tcamellia-256-cfb\t0.3.4401.5.3.1.9.44
CAMELLIA-128-CFB1\tcamellia-128-cfb1\t
CAMELLIA-192-CFB1\tcamellia-192-cfb1\t
CAMELLIA-256-CFB1\tcamellia-256-cfb1\t
CAMELLIA-128-CFB8\tcamellia-128-cfb8\t
CAMELLIA-192-CFB8\tcamellia-192-cfb8\t
CAMELLIA-256-CFB8\tcamellia-256-cfb8\t
CAMELLIA-128-OFB\tcamellia-128-ofb\t0.3.4401.5.3.1.9.3
CAMELLIA-192-OFB\tcamellia-192-ofb\t0.3.4401.5.3.1.9.23
CAMELLIA-256-OFB\tcamellia-256-ofb\t0.3.4401.5.3.1.9.43
subjectDirectoryAttributes\tX509v3 Subject Directory Attributes\t2.5.29.9
issuingDistributionPoint\tX509v3 Issuing Distribution Point\t2.5.29.28
certificateIssuer\tX509v3 Certificate Issuer\t2.5.29.29
KISA\tkisa\t1.2.410.200004
SEED-ECB\tseed-ecb\t1.2.410.200004.1.3
SEED-CBC\tseed-cbc\t1.2.410.200004.1.4
SEED-OFB\tseed-ofb\t1.2.410.200004.1.6
SEED-CFB\tseed-cfb\t1.2.410.200004.1.5
HMAC-MD5\thmac-md5\t1.3.6.1.5.5.8.1.1
HMAC-SHA1\thmac-sha1\t1.3.6.1.5.5.8.1.2
id-PasswordBasedMAC\tpassword based MAC\t1.2.840.113533.7.66.13
id-DHBasedMac\tDiffie-Hellman based MAC\t1.2.840.113533.7.66.30
id-it-suppLangTags\tid-it-suppLangTags\t1.3.6.1.5.5.7.4.16
caRepository\tCA Repository\t1.3.6.1.5.5.7.48.5
id-smime-ct-compressedData\tid-smime-ct-compressedData\t1.2.840.113549.1.9.16.1.9
id-ct-asciiTextWithCRLF\tid-ct-asciiTextWithCRLF\t1.2.840.113549.1.9.16.1.27
id-aes128-wrap\tid-aes128-wrap\t2.16.840.1.101.3.4.1.5
id-aes192-wrap\tid-aes192-wrap\t2.16.840.1.101.3.4.1.25
id-aes256-wrap\tid-aes256-wrap\t2.16.840.1.101.3.4.1.45
ecdsa-with-Recommended\tecdsa-with-Recommended\t1.2.840.10045.4.2
ecdsa-with-Specified\tecdsa-with-Specified\t1.2.840.10045.4.3
ecdsa-with-SHA224\tecdsa-with-SHA224\t1.2.840.10045.4.3.1
ecdsa-with-SHA256\tecdsa-with-SHA256\t1.2.840.10045.4.3.2
ecdsa-with-SHA384\tecdsa-with-SHA384\t1.2.840.10045.4.3.3
ecdsa-with-SHA512\tecdsa-with-SHA512\t1.2.840.10045.4.3.4
hmacWithMD5\thmacWithMD5\t1.2.840.113549.2.6
hmacWithSHA224\thmacWithSHA224\t1.2.840.113549.2.8
hmacWithSHA256\thmacWithSHA256\t1.2.840.113549.2.9
hmacWithSHA384\thmacWithSHA384\t1.2.840.113549.2.10
hmacWithSHA512\thmacWithSHA512\t1.2.840.113549.2.11
dsa_with_SHA224\tdsa_with_SHA224\t2.16.840.1.101.3.4.3.1
dsa_with_SHA256\tdsa_with_SHA256\t2.16.840.1.101.3.4.3.2
whirlpool\twhirlpool\t1.0.10118.3.0.55
cryptopro\tcryptopro\t1.2.643.2.2
cryptocom\tcryptocom\t1.2.643.2.9
id-GostR3411-94-with-GostR3410-2001\tGOST R 34.11-94 with GOST R 34.10-2001\t1.2.643.2.2.3
id-GostR3411-94-with-GostR3410-94\tGOST R 34.11-94 with GOST R 34.10-94\t1.2.643.2.2.4
md_gost94\tGOST R 34.11-94\t1.2.643.2.2.9
id-HMACGostR3411-94\tHMAC GOST 34.11-94\t1.2.643.2.2.10
gost2001\tGOST R 34.10-2001\t1.2.643.2.2.19
gost94\tGOST R 34.10-94\t1.2.643.2.2.20
gost89\tGOST 28147-89\t1.2.643.2.2.21
gost89-cnt\tgost89-cnt\t
gost-mac\tGOST 28147-89 MAC\t1.2.643.2.2.22
prf-gostr3411-94\tGOST R 34.11-94 PRF\t1.2.643.2.2.23
id-GostR3410-2001DH\tGOST R 34.10-2001 DH\t1.2.643.2.2.98
id-GostR3410-94DH\tGOST R 34.10-94 DH\t1.2.643.2.2.99
id-Gost28147-89-CryptoPro-KeyMeshing\tid-Gost28147-89-CryptoPro-KeyMeshing\t1.2.643.2.2.14.1
id-Gost28147-89-None-KeyMeshing\tid-Gost28147-89-None-KeyMeshing\t1.2.643.2.2.14.0
id-GostR3411-94-TestParamSet\tid-GostR3411-94-TestParamSet\t1.2.643.2.2.30.0
id-GostR3411-94-CryptoProParamSet\tid-GostR3411-94-CryptoProParamSet\t1.2.643.2.2.30.1
id-Gost28147-89-TestParamSet\tid-Gost28147-89-TestParamSet\t1.2.643.2.2.31.0
id-Gost28147-89-CryptoPro-A-ParamSet\tid-Gost28147-89-CryptoPro-A-ParamSet\t1.2.643.2.2.31.1
id-Gost28147-89-CryptoPro-B-ParamSet\tid-Gost28147-89-CryptoPro-B-ParamSet\t1.2.643.2.2.31.2
id-Gost28147-89-CryptoPro-C-ParamSet\tid-Gost28147-89-CryptoPro-C-ParamSet\t1.2.643.2.2.31.3
id-Gost28147-89-CryptoPro-D-ParamSet\tid-Gost28147-89-CryptoPro-D-ParamSet\t1.2.643.2.2.31.4
id-Gost28147-89-CryptoPro-Oscar-1-1-ParamSet\tid-Gost28147-89-CryptoPro-Oscar-1-1-ParamSet\t1.2.643.2.2.31.5
id-Gost28147-89-CryptoPro-Oscar-1-0-ParamSet\tid-Gost28147-89-CryptoPro-Oscar-1-0-ParamSet\t1.2.643.2.2.31.6
id-Gost28147-89-CryptoPro-RIC-1-ParamSet\tid-Gost28147-89-CryptoPro-RIC-1-ParamSet\t1.2.643.2.2.31.7
id-GostR3410-94-TestParamSet\tid-GostR3410-94-TestParamSet\t1.2.643.2.2.32.0
id-GostR3410-94-CryptoPro-A-ParamSet\tid-GostR3410-94-CryptoPro-A-ParamSet\t1.2.643.2.2.32.2
id-GostR3410-94-CryptoPro-B-ParamSet\tid-GostR3410-94-CryptoPro-B-ParamSet\t1.2.643.2.2.32.3
id-GostR3410-94-CryptoPro-C-ParamSet\tid-GostR3410-94-CryptoPro-C-ParamSet\t1.2.643.2.2.32.4
id-GostR3410-94-CryptoPro-D-ParamSet\tid-GostR3410-94-CryptoPro-D-ParamSet\t1.2.643.2.2.32.5
id-GostR3410-94-CryptoPro-XchA-ParamSet\tid-GostR3410-94-CryptoPro-XchA-ParamSet\t1.2.643.2.2.33.1
id-GostR3410-94-CryptoPro-XchB-ParamSet\tid-GostR3410-94-CryptoPro-XchB-ParamSet\t1.2.643.2.2.33.2
id-GostR3410-94-CryptoPro-XchC-ParamSet\tid-GostR3410-94-CryptoPro-XchC-ParamSet\t1.2.643.2.2.33.3
id-GostR3410-2001-TestParamSet\tid-GostR3410-2001-TestParamSet\t1.2.643.2.2.35.0
id-GostR3410-2001-CryptoPro-A-ParamSet\tid-GostR3410-2001-CryptoPro-A-ParamSet\t1.2.643.2.2.35.1
id-GostR3410-2001-CryptoPro-B-ParamSet\tid-GostR3410-2001-CryptoPro-B-ParamSet\t1.2.643.2.2.35.2
id-GostR3410-2001-CryptoPro-C-ParamSet\tid-GostR3410-2001-CryptoPro-C-ParamSet\t1.2.643.2.2.35.3
id-GostR3410-2001-CryptoPro-XchA-ParamSet\tid-GostR3410-2001-CryptoPro-XchA-ParamSet\t1.2.643.2.2.36.0
id-GostR3410-2001-CryptoPro-XchB-ParamSet\tid-GostR3410-2001-CryptoPro-XchB-ParamSet\t1.2.643.2.2.36.1
id-GostR3410-94-a\tid-GostR3410-94-a\t1.2.643.2.2.20.1
id-GostR3410-94-aBis\tid-GostR3410-94-aBis\t1.2.643.2.2.20.2
id-GostR3410-94-b\tid-GostR3410-94-b\t1.2.643.2.2.20.3
id-GostR3410-94-bBis\tid-GostR3410-94-bBis\t1.2.643.2.2.20.4
id-Gost28147-89-cc\tGOST 28147-89 Cryptocom ParamSet\t1.2.643.2.9.1.6.1
gost94cc\tGOST 34.10-94 Cryptocom\t1.2.643.2.9.1.5.3
gost2001cc\tGOST 34.10-2001 Cryptocom\t1.2.643.2.9.1.5.4
id-GostR3411-94-with-GostR3410-94-cc\tGOST R 34.11-94 with GOST R 34.10-94 Cryptocom\t1.2.643.2.9.1.3.3
id-GostR3411-94-with-GostR3410-2001-cc\tGOST R 34.11-94 with GOST R 34.10-2001 Cryptocom\t1.2.643.2.9.1.3.4
id-GostR3410-2001-ParamSet-cc\tGOST R 3410-2001 Parameter Set Cryptocom\t1.2.643.2.9.1.8.1
HMAC\thmac\t
LocalKeySet\tMicrosoft Local Key set\t1.3.6.1.4.1.311.17.2
freshestCRL\tX509v3 Freshest CRL\t2.5.29.46
id-on-permanentIdentifier\tPermanent Identifier\t1.3.6.1.5.5.7.8.3
searchGuide\tsearchGuide\t2.5.4.14
businessCategory\tbusinessCategory\t2.5.4.15
postalAddress\tpostalAddress\t2.5.4.16
postOfficeBox\tpostOfficeBox\t2.5.4.18
physicalDeliveryOfficeName\tphysicalDeliveryOfficeName\t2.5.4.19
telephoneNumber\ttelephoneNumber\t2.5.4.20
telexNumber\ttelexNumber\t2.5.4.21
teletexTerminalIdentifier\tteletexTerminalIdentifier\t2.5.4.22
facsimileTelephoneNumber\tfacsimileTelephoneNumber\t2.5.4.23
x121Address\tx121Address\t2.5.4.24
internationaliSDNNumber\tinternationaliSDNNumber\t2.5.4.25
registeredAddress\tregisteredAddress\t2.5.4.26
destinationIndicator\tdestinationIndicator\t2.5.4.27
preferredDeliveryMethod\tpreferredDeliveryMethod\t2.5.4.28
presentationAddress\tpresentationAddress\t2.5.4.29
supportedApplicationContext\tsupportedApplicationContext\t2.5.4.30
member\tmember\t2.5.4.31
owner\towner\t2.5.4.32
roleOccupant\troleOccupant\t2.5.4.33
seeAlso\tseeAlso\t2.5.4.34
userPassword\tuserPassword\t2.5.4.35
userCertificate\tuserCertificate\t2.5.4.36
cACertificate\tcACertificate\t2.5.4.37
authorityRevocationList\tauthorityRevocationList\t2.5.4.38
certificateRevocationList\tcertificateRevocationList\t2.5.4.39
crossCertificatePair\tcrossCertificatePair\t2.5.4.40
enhancedSearchGuide\tenhancedSearchGuide\t2.5.4.47
protocolInformation\tprotocolInformation\t2.5.4.48
distinguishedName\tdistinguishedName\t2.5.4.49
uniqueMember\tuniqueMember\t2.5.4.50
houseIdentifier\thouseIdentifier\t2.5.4.51
supportedAlgorithms\tsupportedAlgorithms\t2.5.4.52
deltaRevocationList\tdeltaRevocationList\t2.5.4.53
dmdName\tdmdName\t2.5.4.54
id-alg-PWRI-KEK\tid-alg-PWRI-KEK\t1.2.840.113549.1.9.16.3.9
CMAC\tcmac\t
id-aes128-GCM\taes-128-gcm\t2.16.840.1.101.3.4.1.6
id-aes128-CCM\taes-128-ccm\t2.16.840.1.101.3.4.1.7
id-aes128-wrap-pad\tid-aes128-wrap-pad\t2.16.840.1.101.3.4.1.8
id-aes192-GCM\taes-192-gcm\t2.16.840.1.101.3.4.1.26
id-aes192-CCM\taes-192-ccm\t2.16.840.1.101.3.4.1.27
id-aes192-wrap-pad\tid-aes192-wrap-pad\t2.16.840.1.101.3.4.1.28
id-aes256-GCM\taes-256-gcm\t2.16.840.1.101.3.4.1.46
id-aes256-CCM\taes-256-ccm\t2.16.840.1.101.3.4.1.47
id-aes256-wrap-pad\tid-aes256-wrap-pad\t2.16.840.1.101.3.4.1.48
AES-128-CTR\taes-128-ctr\t
AES-192-CTR\taes-192-ctr\t
AES-256-CTR\taes-256-ctr\t
id-camellia128-wrap\tid-camellia128-wrap\t1.2.392.200011.61.1.1.3.2
id-camellia192-wrap\tid-camellia192-wrap\t1.2.392.200011.61.1.1.3.3
id-camellia256-wrap\tid-camellia256-wrap\t1.2.392.200011.61.1.1.3.4
anyExtendedKeyUsage\tAny Extended Key Usage\t2.5.29.37.0
MGF1\tmgf1\t1.2.840.113549.1.1.8
RSASSA-PSS\trsassaPss\t1.2.840.113549.1.1.10
AES-128-XTS\taes-128-xts\t1.3.111.2.1619.0.1.1
AES-256-XTS\taes-256-xts\t1.3.111.2.1619.0.1.2
RC4-HMAC-MD5\trc4-hmac-md5\t
AES-128-CBC-HMAC-SHA1\taes-128-cbc-hmac-sha1\t
AES-192-CBC-HMAC-SHA1\taes-192-cbc-hmac-sha1\t
AES-256-CBC-HMAC-SHA1\taes-256-cbc-hmac-sha1\t
RSAES-OAEP\trsaesOaep\t1.2.840.113549.1.1.7
dhpublicnumber\tX9.42 DH\t1.2.840.10046.2.1
brainpoolP160r1\tbrainpoolP160r1\t1.3.36.3.3.2.8.1.1.1
brainpoolP160t1\tbrainpoolP160t1\t1.3.36.3.3.2.8.1.1.2
brainpoolP192r1\tbrainpoolP192r1\t1.3.36.3.3.2.8.1.1.3
brainpoolP192t1\tbrainpoolP192t1\t1.3.36.3.3.2.8.1.1.4
brainpoolP224r1\tbrainpoolP224r1\t1.3.36.3.3.2.8.1.1.5
brainpoolP224t1\tbrainpoolP224t1\t1.3.36.3.3.2.8.1.1.6
brainpoolP256r1\tbrainpoolP256r1\t1.3.36.3.3.2.8.1.1.7
brainpoolP256t1\tbrainpoolP256t1\t1.3.36.3.3.2.8.1.1.8
brainpoolP320r1\tbrainpoolP320r1\t1.3.36.3.3.2.8.1.1.9
brainpoolP320t1\tbrainpoolP320t1\t1.3.36.3.3.2.8.1.1.10
brainpoolP384r1\tbrainpoolP384r1\t1.3.36.3.3.2.8.1.1.11
brainpoolP384t1\tbrainpoolP384t1\t1.3.36.3.3.2.8.1.1.12
brainpoolP512r1\tbrainpoolP512r1\t1.3.36.3.3.2.8.1.1.13
brainpoolP512t1\tbrainpoolP512t1\t1.3.36.3.3.2.8.1.1.14
PSPECIFIED\tpSpecified\t1.2.840.113549.1.1.9
dhSinglePass-stdDH-sha1kdf-scheme\tdhSinglePass-stdDH-sha1kdf-scheme\t1.3.133.16.840.63.0.2
dhSinglePass-stdDH-sha224kdf-scheme\tdhSinglePass-stdDH-sha224kdf-scheme\t1.3.132.1.11.0
dhSinglePass-stdDH-sha256kdf-scheme\tdhSinglePass-stdDH-sha256kdf-scheme\t1.3.132.1.11.1
dhSinglePass-stdDH-sha384kdf-scheme\tdhSinglePass-stdDH-sha384kdf-scheme\t1.3.132.1.11.2
dhSinglePass-stdDH-sha512kdf-scheme\tdhSinglePass-stdDH-sha512kdf-scheme\t1.3.132.1.11.3
dhSinglePass-cofactorDH-sha1kdf-scheme\tdhSinglePass-cofactorDH-sha1kdf-scheme\t1.3.133.16.840.63.0.3
dhSinglePass-cofactorDH-sha224kdf-scheme\tdhSinglePass-cofactorDH-sha224kdf-scheme\t1.3.132.1.14.0
dhSinglePass-cofactorDH-sha256kdf-scheme\tdhSinglePass-cofactorDH-sha256kdf-scheme\t1.3.132.1.14.1
dhSinglePass-cofactorDH-sha384kdf-scheme\tdhSinglePass-cofactorDH-sha384kdf-scheme\t1.3.132.1.14.2
dhSinglePass-cofactorDH-sha512kdf-scheme\tdhSinglePass-cofactorDH-sha512kdf-scheme\t1.3.132.1.14.3
dh-std-kdf\tdh-std-kdf\t
dh-cofactor-kdf\tdh-cofactor-kdf\t
AES-128-CBC-HMAC-SHA256\taes-128-cbc-hmac-sha256\t
AES-192-CBC-HMAC-SHA256\taes-192-cbc-hmac-sha256\t
AES-256-CBC-HMAC-SHA256\taes-256-cbc-hmac-sha256\t
ct_precert_scts\tCT Precertificate SCTs\t1.3.6.1.4.1.11129.2.4.2
ct_precert_poison\tCT Precertificate Poison\t1.3.6.1.4.1.11129.2.4.3
ct_precert_signer\tCT Precertificate Signer\t1.3.6.1.4.1.11129.2.4.4
ct_cert_scts\tCT Certificate SCTs\t1.3.6.1.4.1.11129.2.4.5
jurisdictionL\tjurisdictionLocalityName\t1.3.6.1.4.1.311.60.2.1.1
jurisdictionST\tjurisdictionStateOrProvinceName\t1.3.6.1.4.1.311.60.2.1.2
jurisdictionC\tjurisdictionCountryName\t1.3.6.1.4.1.311.60.2.1.3
AES-128-OCB\taes-128-ocb\t
AES-192-OCB\taes-192-ocb\t
AES-256-OCB\taes-256-ocb\t
CAMELLIA-128-GCM\tcamellia-128-gcm\t0.3.4401.5.3.1.9.6
CAMELLIA-128-CCM\tcamellia-128-ccm\t0.3.4401.5.3.1.9.7
CAMELLIA-128-CTR\tcamellia-128-ctr\t0.3.4401.5.3.1.9.9
CAMELLIA-128-CMAC\tcamellia-128-cmac\t0.3.4401.5.3.1.9.10
CAMELLIA-192-GCM\tcamellia-192-gcm\t0.3.4401.5.3.1.9.26
CAMELLIA-192-CCM\tcamellia-192-ccm\t0.3.4401.5.3.1.9.27
CAMELLIA-192-CTR\tcamellia-192-ctr\t0.3.4401.5.3.1.9.29
CAMELLIA-192-CMAC\tcamellia-192-cmac\t0.3.4401.5.3.1.9.30
CAMELLIA-256-GCM\tcamellia-256-gcm\t0.3.4401.5.3.1.9.46
CAMELLIA-256-CCM\tcamellia-256-ccm\t0.3.4401.5.3.1.9.47
CAMELLIA-256-CTR\tcamellia-256-ctr\t0.3.4401.5.3.1.9.49
CAMELLIA-256-CMAC\tcamellia-256-cmac\t0.3.4401.5.3.1.9.50
id-scrypt\tscrypt\t1.3.6.1.4.1.11591.4.11
id-tc26\tid-tc26\t1.2.643.7.1
gost89-cnt-12\tgost89-cnt-12\t
gost-mac-12\tgost-mac-12\t
id-tc26-algorithms\tid-tc26-algorithms\t1.2.643.7.1.1
id-tc26-sign\tid-tc26-sign\t1.2.643.7.1.1.1
gost2012_256\tGOST R 34.10-2012 with 256 bit modulus\t1.2.643.7.1.1.1.1
gost2012_512\tGOST R 34.10-2012 with 512 bit modulus\t1.2.643.7.1.1.1.2
id-tc26-digest\tid-tc26-digest\t1.2.643.7.1.1.2
md_gost12_256\tGOST R 34.11-2012 with 256 bit hash\t1.2.643.7.1.1.2.2
md_gost12_512\tGOST R 34.11-2012 with 512 bit hash\t1.2.643.7.1.1.2.3
id-tc26-signwithdigest\tid-tc26-signwithdigest\t1.2.643.7.1.1.3
id-tc26-signwithdigest-gost3410-2012-256\tGOST R 34.10-2012 with GOST R 34.11-2012 (256 bit)\t1.2.643.7.1.1.3.2
id-tc26-signwithdigest-gost3410-2012-512\tGOST R 34.10-2012 with GOST R 34.11-2012 (512 bit)\t1.2.643.7.1.1.3.3
id-tc26-mac\tid-tc26-mac\t1.2.643.7.1.1.4
id-tc26-hmac-gost-3411-2012-256\tHMAC GOST 34.11-2012 256 bit\t1.2.643.7.1.1.4.1
id-tc26-hmac-gost-3411-2012-512\tHMAC GOST 34.11-2012 512 bit\t1.2.643.7.1.1.4.2
id-tc26-cipher\tid-tc26-cipher\t1.2.643.7.1.1.5
id-tc26-agreement\tid-tc26-agreement\t1.2.643.7.1.1.6
id-tc26-agreement-gost-3410-2012-256\tid-tc26-agreement-gost-3410-2012-256\t1.2.643.7.1.1.6.1
id-tc26-agreement-gost-3410-2012-512\tid-tc26-agreement-gost-3410-2012-512\t1.2.643.7.1.1.6.2
id-tc26-constants\tid-tc26-constants\t1.2.643.7.1.2
id-tc26-sign-constants\tid-tc26-sign-constants\t1.2.643.7.1.2.1
id-tc26-gost-3410-2012-512-constants\tid-tc26-gost-3410-2012-512-constants\t1.2.643.7.1.2.1.2
id-tc26-gost-3410-2012-512-paramSetTest\tGOST R 34.10-2012 (512 bit) testing parameter set\t1.2.643.7.1.2.1.2.0
id-tc26-gost-3410-2012-512-paramSetA\tGOST R 34.10-2012 (512 bit) ParamSet A\t1.2.643.7.1.2.1.2.1
id-tc26-gost-3410-2012-512-paramSetB\tGOST R 34.10-2012 (512 bit) ParamSet B\t1.2.643.7.1.2.1.2.2
id-tc26-digest-constants\tid-tc26-digest-constants\t1.2.643.7.1.2.2
id-tc26-cipher-constants\tid-tc26-cipher-constants\t1.2.643.7.1.2.5
id-tc26-gost-28147-constants\tid-tc26-gost-28147-constants\t1.2.643.7.1.2.5.1
id-tc26-gost-28147-param-Z\tGOST 28147-89 TC26 parameter set\t1.2.643.7.1.2.5.1.1
INN\tINN\t1.2.643.3.131.1.1
OGRN\tOGRN\t1.2.643.100.1
SNILS\tSNILS\t1.2.643.100.3
subjectSignTool\tSigning Tool of Subject\t1.2.643.100.111
issuerSignTool\tSigning Tool of Issuer\t1.2.643.100.112
gost89-cbc\tgost89-cbc\t
gost89-ecb\tgost89-ecb\t
gost89-ctr\tgost89-ctr\t
kuznyechik-ecb\tkuznyechik-ecb\t
kuznyechik-ctr\tkuznyechik-ctr\t
kuznyechik-ofb\tkuznyechik-ofb\t
kuznyechik-cbc\tkuznyechik-cbc\t
kuznyechik-cfb\tkuznyechik-cfb\t
kuznyechik-mac\tkuznyechik-mac\t
ChaCha20-Poly1305\tchacha20-poly1305\t
ChaCha20\tchacha20\t
tlsfeature\tTLS Feature\t1.3.6.1.5.5.7.1.24
TLS1-PRF\ttls1-prf\t
ipsecIKE\tipsec Internet Key Exchange\t1.3.6.1.5.5.7.3.17
capwapAC\tCtrl/provision WAP Access\t1.3.6.1.5.5.7.3.18
capwapWTP\tCtrl/Provision WAP Termination\t1.3.6.1.5.5.7.3.19
secureShellClient\tSSH Client\t1.3.6.1.5.5.7.3.21
secureShellServer\tSSH Server\t1.3.6.1.5.5.7.3.22
sendRouter\tSend Router\t1.3.6.1.5.5.7.3.23
sendProxiedRouter\tSend Proxied Router\t1.3.6.1.5.5.7.3.24
sendOwner\tSend Owner\t1.3.6.1.5.5.7.3.25
sendProxiedOwner\tSend Proxied Owner\t1.3.6.1.5.5.7.3.26
id-pkinit\tid-pkinit\t1.3.6.1.5.2.3
pkInitClientAuth\tPKINIT Client Auth\t1.3.6.1.5.2.3.4
pkInitKDC\tSigning KDC Response\t1.3.6.1.5.2.3.5
X25519\tX25519\t1.3.101.110
X448\tX448\t1.3.101.111
HKDF\thkdf\t
KxRSA\tkx-rsa\t
KxECDHE\tkx-ecdhe\t
KxDHE\tkx-dhe\t
KxECDHE-PSK\tkx-ecdhe-psk\t
KxDHE-PSK\tkx-dhe-psk\t
KxRSA_PSK\tkx-rsa-psk\t
KxPSK\tkx-psk\t
KxSRP\tkx-srp\t
KxGOST\tkx-gost\t
AuthRSA\tauth-rsa\t
AuthECDSA\tauth-ecdsa\t
AuthPSK\tauth-psk\t
AuthDSS\tauth-dss\t
AuthGOST01\tauth-gost01\t
AuthGOST12\tauth-gost12\t
AuthSRP\tauth-srp\t
AuthNULL\tauth-null\t
BLAKE2b512\tblake2b512\t1.3.6.1.4.1.1722.12.2.1.16
BLAKE2s256\tblake2s256\t1.3.6.1.4.1.1722.12.2.2.8
id-smime-ct-contentCollection\tid-smime-ct-contentCollection\t1.2.840.113549.1.9.16.1.19
id-smime-ct-authEnvelopedData\tid-smime-ct-authEnvelopedData\t1.2.840.113549.1.9.16.1.23
id-ct-xml\tid-ct-xml\t1.2.840.113549.1.9.16.1.28
Poly1305\tpoly1305\t
SipHash\tsiphash\t
KxANY\tkx-any\t
AuthANY\tauth-any\t
ARIA-128-ECB\taria-128-ecb\t1.2.410.200046.1.1.1
ARIA-128-CBC\taria-128-cbc\t1.2.410.200046.1.1.2
ARIA-128-CFB\taria-128-cfb\t1.2.410.200046.1.1.3
ARIA-128-OFB\taria-128-ofb\t1.2.410.200046.1.1.4
ARIA-128-CTR\taria-128-ctr\t1.2.410.200046.1.1.5
ARIA-192-ECB\taria-192-ecb\t1.2.410.200046.1.1.6
ARIA-192-CBC\taria-192-cbc\t1.2.410.200046.1.1.7
ARIA-192-CFB\taria-192-cfb\t1.2.410.200046.1.1.8
ARIA-192-OFB\taria-192-ofb\t1.2.410.200046.1.1.9
ARIA-192-CTR\taria-192-ctr\t1.2.410.200046.1.1.10
ARIA-256-ECB\taria-256-ecb\t1.2.410.200046.1.1.11
ARIA-256-CBC\taria-256-cbc\t1.2.410.200046.1.1.12
ARIA-256-CFB\taria-256-cfb\t1.2.410.200046.1.1.13
ARIA-256-OFB\taria-256-ofb\t1.2.410.200046.1.1.14
ARIA-256-CTR\taria-256-ctr\t1.2.410.200046.1.1.15
ARIA-128-CFB1\taria-128-cfb1\t
ARIA-192-CFB1\taria-192-cfb1\t
ARIA-256-CFB1\taria-256-cfb1\t
ARIA-128-CFB8\taria-128-cfb8\t
ARIA-192-CFB8\taria-192-cfb8\t
ARIA-256-CFB8\taria-256-cfb8\t
id-smime-aa-signingCertificateV2\tid-smime-aa-signingCertificateV2\t1.2.840.113549.1.9.16.2.47
ED25519\tED25519\t1.3.101.112
ED448\tED448\t1.3.101.113
organizationIdentifier\torganizationIdentifier\t2.5.4.97
c3\tcountryCode3c\t2.5.4.98
n3\tcountryCode3n\t2.5.4.99
dnsName\tdnsName\t2.5.4.100
x509ExtAdmission\tProfessional Information or basis for Admission\t1.3.36.8.3.3
SHA512-224\tsha512-224\t2.16.840.1.101.3.4.2.5
SHA512-256\tsha512-256\t2.16.840.1.101.3.4.2.6
SHA3-224\tsha3-224\t2.16.840.1.101.3.4.2.7
SHA3-256\tsha3-256\t2.16.840.1.101.3.4.2.8
SHA3-384\tsha3-384\t2.16.840.1.101.3.4.2.9
SHA3-512\tsha3-512\t2.16.840.1.101.3.4.2.10
SHAKE128\tshake128\t2.16.840.1.101.3.4.2.11
SHAKE256\tshake256\t2.16.840.1.101.3.4.2.12
id-hmacWithSHA3-224\thmac-sha3-224\t2.16.840.1.101.3.4.2.13
id-hmacWithSHA3-256\thmac-sha3-256\t2.16.840.1.101.3.4.2.14
id-hmacWithSHA3-384\thmac-sha3-384\t2.16.840.1.101.3.4.2.15
id-hmacWithSHA3-512\thmac-sha3-512\t2.16.840.1.101.3.4.2.16
id-dsa-with-sha384\tdsa_with_SHA384\t2.16.840.1.101.3.4.3.3
id-dsa-with-sha512\tdsa_with_SHA512\t2.16.840.1.101.3.4.3.4
id-dsa-with-sha3-224\tdsa_with_SHA3-224\t2.16.840.1.101.3.4.3.5
id-dsa-with-sha3-256\tdsa_with_SHA3-256\t2.16.840.1.101.3.4.3.6
id-dsa-with-sha3-384\tdsa_with_SHA3-384\t2.16.840.1.101.3.4.3.7
id-dsa-with-sha3-512\tdsa_with_SHA3-512\t2.16.840.1.101.3.4.3.8
id-ecdsa-with-sha3-224\tecdsa_with_SHA3-224\t2.16.840.1.101.3.4.3.9
id-ecdsa-with-sha3-256\tecdsa_with_SHA3-256\t2.16.840.1.101.3.4.3.10
id-ecdsa-with-sha3-384\tecdsa_with_SHA3-384\t2.16.840.1.101.3.4.3.11
id-ecdsa-with-sha3-512\tecdsa_with_SHA3-512\t2.16.840.1.101.3.4.3.12
id-rsassa-pkcs1-v1_5-with-sha3-224\tRSA-SHA3-224\t2.16.840.1.101.3.4.3.13
id-rsassa-pkcs1-v1_5-with-sha3-256\tRSA-SHA3-256\t2.16.840.1.101.3.4.3.14
id-rsassa-pkcs1-v1_5-with-sha3-384\tRSA-SHA3-384\t2.16.840.1.101.3.4.3.15
id-rsassa-pkcs1-v1_5-with-sha3-512\tRSA-SHA3-512\t2.16.840.1.101.3.4.3.16
ARIA-128-CCM\taria-128-ccm\t1.2.410.200046.1.1.37
ARIA-192-CCM\taria-192-ccm\t1.2.410.200046.1.1.38
ARIA-256-CCM\taria-256-ccm\t1.2.410.200046.1.1.39
ARIA-128-GCM\taria-128-gcm\t1.2.410.200046.1.1.34
ARIA-192-GCM\taria-192-gcm\t1.2.410.200046.1.1.35
ARIA-256-GCM\taria-256-gcm\t1.2.410.200046.1.1.36
ffdhe2048\tffdhe2048\t
ffdhe3072\tffdhe3072\t
ffdhe4096\tffdhe4096\t
ffdhe6144\tffdhe6144\t
ffdhe8192\tffdhe8192\t
cmcCA\tCMC Certificate Authority\t1.3.6.1.5.5.7.3.27
cmcRA\tCMC Registration Authority\t1.3.6.1.5.5.7.3.28
SM4-ECB\tsm4-ecb\t1.2.156.10197.1.104.1
SM4-CBC\tsm4-cbc\t1.2.156.10197.1.104.2
SM4-OFB\tsm4-ofb\t1.2.156.10197.1.104.3
SM4-CFB1\tsm4-cfb1\t1.2.156.10197.1.104.5
SM4-CFB\tsm4-cfb\t1.2.156.10197.1.104.4
SM4-CFB8\tsm4-cfb8\t1.2.156.10197.1.104.6
SM4-CTR\tsm4-ctr\t1.2.156.10197.1.104.7
ISO-CN\tISO CN Member Body\t1.2.156
oscca\toscca\t1.2.156.10197
sm-scheme\tsm-scheme\t1.2.156.10197.1
SM3\tsm3\t1.2.156.10197.1.401
RSA-SM3\tsm3WithRSAEncryption\t1.2.156.10197.1.504
RSA-SHA512/224\tsha512-224WithRSAEncryption\t1.2.840.113549.1.1.15
RSA-SHA512/256\tsha512-256WithRSAEncryption\t1.2.840.113549.1.1.16
id-tc26-gost-3410-2012-256-constants\tid-tc26-gost-3410-2012-256-constants\t1.2.643.7.1.2.1.1
id-tc26-gost-3410-2012-256-paramSetA\tGOST R 34.10-2012 (256 bit) ParamSet A\t1.2.643.7.1.2.1.1.1
id-tc26-gost-3410-2012-512-paramSetC\tGOST R 34.10-2012 (512 bit) ParamSet C\t1.2.643.7.1.2.1.2.3
ISO-UA\tISO-UA\t1.2.804
ua-pki\tua-pki\t1.2.804.2.1.1.1
dstu28147\tDSTU Gost 28147-2009\t1.2.804.2.1.1.1.1.1.1
dstu28147-ofb\tDSTU Gost 28147-2009 OFB mode\t1.2.804.2.1.1.1.1.1.1.2
dstu28147-cfb\tDSTU Gost 28147-2009 CFB mode\t1.2.804.2.1.1.1.1.1.1.3
dstu28147-wrap\tDSTU Gost 28147-2009 key wrap\t1.2.804.2.1.1.1.1.1.1.5
hmacWithDstu34311\tHMAC DSTU Gost 34311-95\t1.2.804.2.1.1.1.1.1.2
dstu34311\tDSTU Gost 34311-95\t1.2.804.2.1.1.1.1.2.1
dstu4145le\tDSTU 4145-2002 little endian\t1.2.804.2.1.1.1.1.3.1.1
dstu4145be\tDSTU 4145-2002 big endian\t1.2.804.2.1.1.1.1.3.1.1.1.
uacurve0\tDSTU curve 0\t1.2.804.2.1.1.1.1.3.1.1.2.
uacurve1\tDSTU curve 1\t1.2.804.2.1.1.1.1.3.1.1.2.
uacurve2\tDSTU curve 2\t1.2.804.2.1.1.1.1.3.1.1.2.
uacurve3\tDSTU curve 3\t1.2.804.2.1.1.1.1.3.1.1.2.
uacurve4\tDSTU curve 4\t1.2.804.2.1.1.1.1.3.1.1.2.
uacurve5\tDSTU curve 5\t1.2.804.2.1.1.1.1.3.1.1.2.
uacurve6\tDSTU curve 6\t1.2.804.2.1.1.1.1.3.1.1.2.
uacurve7\tDSTU curve 7\t1.2.804.2.1.1.1.1.3.1.1.2.
uacurve8\tDSTU curve 8\t1.2.804.2.1.1.1.1.3.1.1.2.
uacurve9\tDSTU curve 9\t1.2.804.2.1.1.1.1.3.1.1.2.
ieee\tieee\t1.3.111
ieee-siswg\tIEEE Security in Storage Working Group\t1.3.111.2.1619
SM2\tsm2\t1.2.156.10197.1.301
id-tc26-cipher-gostr3412-2015-magma\tid-tc26-cipher-gostr3412-2015-magma\t1.2.643.7.1.1.5.1
magma-ctr-acpkm\tmagma-ctr-acpkm\t1.2.643.7.1.1.5.1.1
magma-ctr-acpkm-omac\tmagma-ctr-acpkm-omac\t1.2.643.7.1.1.5.1.2
id-tc26-cipher-gostr3412-2015-kuznyechik\tid-tc26-cipher-gostr3412-2015-kuznyechik\t1.2.643.7.1.1.5.2
kuznyechik-ctr-acpkm\tkuznyechik-ctr-acpkm\t1.2.643.7.1.1.5.2.1
kuznyechik-ctr-acpkm-omac\tkuznyechik-ctr-acpkm-omac\t1.2.643.7.1.1.5.2.2
id-tc26-wrap\tid-tc26-wrap\t1.2.643.7.1.1.7
id-tc26-wrap-gostr3412-2015-magma\tid-tc26-wrap-gostr3412-2015-magma\t1.2.643.7.1.1.7.1
magma-kexp15\tmagma-kexp15\t1.2.643.7.1.1.7.1.1
id-tc26-wrap-gostr3412-2015-kuznyechik\tid-tc26-wrap-gostr3412-2015-kuznyechik\t1.2.643.7.1.1.7.2
kuznyechik-kexp15\tkuznyechik-kexp15\t1.2.643.7.1.1.7.2.1
id-tc26-gost-3410-2012-256-paramSetB\tGOST R 34.10-2012 (256 bit) ParamSet B\t1.2.643.7.1.2.1.1.2
id-tc26-gost-3410-2012-256-paramSetC\tGOST R 34.10-2012 (256 bit) ParamSet C\t1.2.643.7.1.2.1.1.3
id-tc26-gost-3410-2012-256-paramSetD\tGOST R 34.10-2012 (256 bit) ParamSet D\t1.2.643.7.1.2.1.1.4
magma-ecb\tmagma-ecb\t
magma-ctr\tmagma-ctr\t
magma-ofb\tmagma-ofb\t
magma-cbc\tmagma-cbc\t
magma-cfb\tmagma-cfb\t
magma-mac\tmagma-mac\t
hmacWithSHA512-224\thmacWithSHA512-224\t1.2.840.113549.2.12
hmacWithSHA512-256\thmacWithSHA512-256\t1.2.840.113549.2.13
GMAC\tgmac\t1.0.9797.3.4
KMAC128\tkmac128\t2.16.840.1.101.3.4.2.19
KMAC256\tkmac256\t2.16.840.1.101.3.4.2.20
AES-128-SIV\taes-128-siv\t
AES-192-SIV\taes-192-siv\t
AES-256-SIV\taes-256-siv\t
BLAKE2BMAC\tblake2bmac\t1.3.6.1.4.1.1722.12.2.1
BLAKE2SMAC\tblake2smac\t1.3.6.1.4.1.1722.12.2.2
SSHKDF\tsshkdf\t
SM2-SM3\tSM2-with-SM3\t1.2.156.10197.1.501
SSKDF\tsskdf\t
X963KDF\tx963kdf\t
X942KDF\tx942kdf\t
id-on-SmtpUTF8Mailbox\tSmtp UTF8 Mailbox\t1.3.6.1.5.5.7.8.9
id-on-xmppAddr\tXmppAddr\t1.3.6.1.5.5.7.8.5
id-on-dnsSRV\tSRVName\t1.3.6.1.5.5.7.8.7
id-on-NAIRealm\tNAIRealm\t1.3.6.1.5.5.7.8.8
modp_1536\tmodp_1536\t
modp_2048\tmodp_2048\t
modp_3072\tmodp_3072\t
modp_4096\tmodp_4096\t
modp_6144\tmodp_6144\t
modp_8192\tmodp_8192\t
KxGOST18\tkx-gost18\t
cmcArchive\tCMC Archive Server\t1.3.6.1.5.5.7.3.29
id-kp-bgpsec-router\tBGPsec Router\t1.3.6.1.5.5.7.3.30
id-kp-BrandIndicatorforMessageIdentification\tBrand Indicator for Message Identification\t1.3.6.1.5.5.7.3.31
cmKGA\tCertificate Management Key Generation Authority\t1.3.6.1.5.5.7.3.32
id-it-caCerts\tid-it-caCerts\t1.3.6.1.5.5.7.4.17
id-it-rootCaKeyUpdate\tid-it-rootCaKeyUpdate\t1.3.6.1.5.5.7.4.18
id-it-certReqTemplate\tid-it-certReqTemplate\t1.3.6.1.5.5.7.4.19
OGRNIP\tOGRNIP\t1.2.643.100.5
classSignTool\tClass of Signing Tool\t1.2.643.100.113
classSignToolKC1\tClass of Signing Tool KC1\t1.2.643.100.113.1
classSignToolKC2\tClass of Signing Tool KC2\t1.2.643.100.113.2
classSignToolKC3\tClass of Signing Tool KC3\t1.2.643.100.113.3
classSignToolKB1\tClass of Signing Tool KB1\t1.2.643.100.113.4
classSignToolKB2\tClass of Signing Tool KB2\t1.2.643.100.113.5
classSignToolKA1\tClass of Signing Tool KA1\t1.2.643.100.113.6
id-ct-routeOriginAuthz\tid-ct-routeOriginAuthz\t1.2.840.113549.1.9.16.1.24
id-ct-rpkiManifest\tid-ct-rpkiManifest\t1.2.840.113549.1.9.16.1.26
id-ct-rpkiGhostbusters\tid-ct-rpkiGhostbusters\t1.2.840.113549.1.9.16.1.35
id-ct-resourceTaggedAttest\tid-ct-resourceTaggedAttest\t1.2.840.113549.1.9.16.1.36
id-cp\tid-cp\t1.3.6.1.5.5.7.14
sbgp-ipAddrBlockv2\tsbgp-ipAddrBlockv2\t1.3.6.1.5.5.7.1.28
sbgp-autonomousSysNumv2\tsbgp-autonomousSysNumv2\t1.3.6.1.5.5.7.1.29
ipAddr-asNumber\tipAddr-asNumber\t1.3.6.1.5.5.7.14.2
ipAddr-asNumberv2\tipAddr-asNumberv2\t1.3.6.1.5.5.7.14.3
rpkiManifest\tRPKI Manifest\t1.3.6.1.5.5.7.48.10
signedObject\tSigned Object\t1.3.6.1.5.5.7.48.11
rpkiNotify\tRPKI Notify\t1.3.6.1.5.5.7.48.13
id-ct-geofeedCSVwithCRLF\tid-ct-geofeedCSVwithCRLF\t1.2.840.113549.1.9.16.1.47
id-ct-signedChecklist\tid-ct-signedChecklist\t1.2.840.113549.1.9.16.1.48
`;
