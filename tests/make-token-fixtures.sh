#!/bin/sh
# Regenerates tests/fixtures/tokens/ with the openssl CLI, an implementation independent
# of ours. The keys are test-only keys. Run from anywhere; the tests use the committed
# output and never need openssl themselves.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="$here/fixtures/tokens"
mkdir -p "$out"
cd "$out"
rm -f ./*.key ./*.crt ./*.p7m ./*.der ./*.b64 ./*.txt

# The credentials the tests expect (shapes as Apple's, dep-api.md §1.4).
CK="CK_3a6b0e5f9c2d4e8f1a7b3c5d9e0f2a4b6c8d0e1f3a5b7c9d1e2f4a6b8c0d2e4f6a8b0c1d3e5f7a9b1c2d4e6f8a0b"
CS="CS_5e1d9c3b7a2f6e0d4c8b1a5f9e3d7c2b6a0f4e8d"
AT="AT_O2205012345O4f8e2d6c0b9a7e5d3c1b8a6f4e2d0c9b7a5e3d1cO1737111741803"
AS="AS_7c3e9a1f5d0b8e2c6a4f9d3b7e1c5a0f8d2b6e4c"
FUTURE="2099-01-17T11:02:21Z"
PAST="2025-01-17T11:02:21Z"

json () {
  # $1 expiry, $2 "full" or "no-access-secret"
  if [ "$2" = full ]; then
    printf '{"consumer_key":"%s","consumer_secret":"%s","access_token":"%s","access_secret":"%s","access_token_expiry":"%s"}' \
      "$CK" "$CS" "$AT" "$AS" "$1"
  else
    printf '{"consumer_key":"%s","consumer_secret":"%s","access_token":"%s","access_token_expiry":"%s"}' \
      "$CK" "$CS" "$AT" "$1"
  fi
}

# Apple's exact inner format: CRLF headers, LF marker and JSON lines.
apple_payload () {
  printf 'Content-Type: text/plain;charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n'
  printf -- '-----BEGIN MESSAGE-----\n%s\n-----END MESSAGE-----\n' "$1"
}

apple_payload "$(json "$FUTURE" full)" > payload.txt
apple_payload "$(json "$PAST" full)" > payload-expired.txt
apple_payload "$(json "$FUTURE" no-access-secret)" > payload-incomplete.txt
# As in Apple's documentation: LF headers, no markers, JSON wrapped at 78 columns.
{
  printf 'Content-Type: text/plain;charset=UTF-8\nContent-Transfer-Encoding: 7bit\n\n'
  json "$FUTURE" full | fold -w 78
  printf '\n'
} > payload-wrapped.txt

subj="/C=US/O=Adept Test/CN=Adept DEP test"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ours.key -out ours.crt -subj "$subj" \
  -days 36500 -set_serial 0x$(openssl rand -hex 16 | sed 's/^./6/') 2>/dev/null
openssl rsa -in ours.key -traditional -out ours-pkcs1.key 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.crt -subj "$subj" \
  -days 36500 -set_serial 0x$(openssl rand -hex 16 | sed 's/^./3/') 2>/dev/null
# For the import tests: a key with a passphrase, and one too short to accept.
openssl pkcs8 -topk8 -v2 aes256 -in ours.key -passout pass:test -out ours-encrypted.key
openssl req -x509 -newkey rsa:1024 -nodes -keyout short.key -out short.crt -subj "/CN=short" \
  -days 36500 2>/dev/null
# Apple's documentation example has a negative serial.
openssl req -x509 -newkey rsa:2048 -nodes -keyout negative.key -out negative.crt \
  -subj "/C=US/O=Adept Test/CN=negative serial" -days 36500 \
  -set_serial -0x7CB4A13342F086E4 2>/dev/null

# smime writes its own MIME wrapper (x-pkcs7-mime, 64-column base64).
openssl smime -encrypt -binary -aes128 -stream -in payload.txt -out smime-aes128-stream.p7m ours.crt
openssl smime -encrypt -binary -des3 -in payload.txt -out smime-des3.p7m ours.crt
# Raw binary CMS: DER (definite lengths) and BER (-stream, indefinite, chunked content).
openssl cms -encrypt -binary -aes256 -outform DER -in payload.txt -out cms-aes256.der ours.crt
openssl cms -encrypt -binary -aes192 -outform DER -in payload.txt -out cms-aes192.der ours.crt
openssl cms -encrypt -binary -aes128 -stream -outform DER -in payload.txt -out cms-stream.der ours.crt
openssl cms -encrypt -binary -des3 -stream -outform DER -in payload.txt -out cms-des3-stream.der ours.crt
openssl cms -encrypt -binary -aes128 -keyid -outform DER -in payload.txt -out cms-keyid.der ours.crt
openssl cms -encrypt -binary -aes128 -outform PEM -in payload.txt -out cms.pem ours.crt

# Apple's outer wrapper around BER: these headers, 76-column base64.
apple_wrap () {
  printf 'Content-Type: application/pkcs7-mime; name="smime.p7m"; smime-type=enveloped-data\n'
  printf 'Content-Transfer-Encoding: base64\n'
  printf 'Content-Disposition: attachment; filename="smime.p7m"\n'
  printf 'Content-Description: S/MIME Encrypted Message\n\n'
  base64 -w 76 "$1"
}

ber () {
  # $1 payload, $2 cipher, $3... recipients
  p=$1 c=$2
  shift 2
  openssl cms -encrypt -binary "-$c" -stream -outform DER -in "$p" "$@"
}

ber payload.txt aes128 ours.crt > tmp.der
apple_wrap tmp.der > apple.p7m
apple_wrap tmp.der | sed 's/$/\r/' > apple-crlf.p7m
# The header folded as on Apple's documentation page.
{
  printf 'Content-Type: application/pkcs7-mime; name="smime.p7m"; smime-type=enveloped-\n data\n'
  apple_wrap tmp.der | tail -n +2
} > apple-folded.p7m
base64 -w 76 tmp.der > bare.b64
cp tmp.der apple.der

ber payload-wrapped.txt aes128 ours.crt > tmp.der && apple_wrap tmp.der > wrapped.p7m
ber payload-expired.txt aes128 ours.crt > tmp.der && apple_wrap tmp.der > expired.p7m
ber payload-incomplete.txt aes128 ours.crt > tmp.der && apple_wrap tmp.der > incomplete.p7m
ber payload.txt aes128 negative.crt > tmp.der && apple_wrap tmp.der > negative-serial.p7m
ber payload.txt aes128 other.crt > tmp.der && apple_wrap tmp.der > wrong-key.p7m
# Ours is the second recipient (DER sorts the SET, and our serial is the larger); the
# first has the same issuer but another serial.
ber payload.txt aes128 other.crt ours.crt > tmp.der && apple_wrap tmp.der > two-recipients.p7m
rm -f tmp.der

echo "fixtures written to $out"
