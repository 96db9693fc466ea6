// SPDX-License-Identifier: GPL-2.0
/*
 * WPA2-PSK pairwise master key: PBKDF2-HMAC-SHA1(passphrase, SSID, 4096
 * iterations, 32 bytes), IEEE 802.11 Annex J.4. The HMAC comes from the
 * kernel crypto API; PBKDF2 itself is just the loop below.
 */

#include <crypto/hash.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "rtwsim.h"

#define RTWSIM_PBKDF2_ITERATIONS	4096

/* T_block = U_1 ^ ... ^ U_4096, U_1 = HMAC(P, S || INT(block)) */
static int rtwsim_pbkdf2_block(struct shash_desc *desc, const u8 *ssid,
			       size_t ssid_len, u32 block, u8 *out)
{
	u8 salt[IEEE80211_MAX_SSID_LEN + sizeof(__be32)];
	__be32 index = cpu_to_be32(block);
	u8 u[SHA1_DIGEST_SIZE];
	int i, j, err;

	memcpy(salt, ssid, ssid_len);
	memcpy(salt + ssid_len, &index, sizeof(index));
	err = crypto_shash_digest(desc, salt, ssid_len + sizeof(index), u);
	if (err)
		return err;
	memcpy(out, u, SHA1_DIGEST_SIZE);

	for (i = 1; i < RTWSIM_PBKDF2_ITERATIONS; i++) {
		err = crypto_shash_digest(desc, u, SHA1_DIGEST_SIZE, u);
		if (err)
			break;
		for (j = 0; j < SHA1_DIGEST_SIZE; j++)
			out[j] ^= u[j];
	}
	memzero_explicit(u, sizeof(u));
	return err;
}

/**
 * rtwsim_pmk_derive - the PMK a WPA2-PSK network derives from its passphrase
 * @pass: the passphrase
 * @pass_len: its length, 8..63
 * @ssid: the SSID, the PBKDF2 salt
 * @ssid_len: its length
 * @pmk: WLAN_PMK_LEN bytes of output
 *
 * Return: 0, or a negative error from the crypto API.
 */
int rtwsim_pmk_derive(const char *pass, size_t pass_len, const u8 *ssid,
		      size_t ssid_len, u8 *pmk)
{
	u8 block[2][SHA1_DIGEST_SIZE];
	struct crypto_shash *tfm;
	struct shash_desc *desc;
	int err;

	BUILD_BUG_ON(sizeof(block) < WLAN_PMK_LEN);

	if (ssid_len > IEEE80211_MAX_SSID_LEN)
		return -EINVAL;

	tfm = crypto_alloc_shash("hmac(sha1)", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);

	desc = kzalloc(sizeof(*desc) + crypto_shash_descsize(tfm), GFP_KERNEL);
	if (!desc) {
		err = -ENOMEM;
		goto out_tfm;
	}
	desc->tfm = tfm;

	err = crypto_shash_setkey(tfm, (const u8 *)pass, pass_len) ?:
	      rtwsim_pbkdf2_block(desc, ssid, ssid_len, 1, block[0]) ?:
	      rtwsim_pbkdf2_block(desc, ssid, ssid_len, 2, block[1]);
	if (!err)
		memcpy(pmk, block, WLAN_PMK_LEN);

	memzero_explicit(block, sizeof(block));
	kfree_sensitive(desc);
out_tfm:
	crypto_free_shash(tfm);
	return err;
}
