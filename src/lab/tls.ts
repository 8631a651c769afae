/**
 * A self-signed certificate for the lab's https server (api.victim.test, valid
 * until 2126). It protects nothing: the lab only listens on 127.0.0.1 and the key is
 * public on purpose, so the demo and the tests can scan https policies with
 * --insecure and without openssl at run time. Regenerate with:
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 36500 \
 *     -keyout key.pem -out cert.pem -subj /CN=api.victim.test -addext subjectAltName=DNS:api.victim.test
 */
export const LAB_TLS = {
  cert: `-----BEGIN CERTIFICATE-----
MIIBpjCCAU2gAwIBAgIUNgDip647nBiIarI5bwAMLEA7/bgwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPYXBpLnZpY3RpbS50ZXN0MCAXDTI2MTEyMzAzNTgwN1oYDzIx
MjYxMDMwMDM1ODA3WjAaMRgwFgYDVQQDDA9hcGkudmljdGltLnRlc3QwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAATDhuAR0UVI/dxAc9H1MPXw4izoCk6jEPHVnErN
PIRi8MUUiednhvFxgVZM287SR4s67hi/kI/AK5zt5ldM+UuBo28wbTAdBgNVHQ4E
FgQUqcygeV96Ru7SkQp8TZjDKqwygsYwHwYDVR0jBBgwFoAUqcygeV96Ru7SkQp8
TZjDKqwygsYwDwYDVR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgg9hcGkudmljdGlt
LnRlc3QwCgYIKoZIzj0EAwIDRwAwRAIgXYx+/7HcmW8DxiyDO5X3kwM7dKFM8okG
8LsOXfKXB+0CICZy9hrtPxFLFk47ZXIbgZTQ9eP1+TjKWGtt0Wb565Mm
-----END CERTIFICATE-----
`,
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgnYDrSBenXKQxoDgp
0nv8GIBkwXssPJk/1nsmyCiICj+hRANCAATDhuAR0UVI/dxAc9H1MPXw4izoCk6j
EPHVnErNPIRi8MUUiednhvFxgVZM287SR4s67hi/kI/AK5zt5ldM+UuB
-----END PRIVATE KEY-----
`,
};
