// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware image buffer.
 *
 * The part loses its firmware at every power-off (interface down, rfkill),
 * so the image stays in a driver buffer for the life of the device and is
 * downloaded again at each power-on, as the vendor driver does. There is no
 * real firmware file: probe builds a synthetic image with a checksum, and
 * the download verifies it, which catches anyone scribbling on the buffer.
 */

#include <linux/kernel.h>

#include "rtwsim.h"

#define RTWSIM_FW_MAGIC		0x53575452	/* "RTWS" */
#define RTWSIM_FW_VERSION	0x00010013

struct rtwsim_fw_hdr {
	__le32 magic;
	__le32 version;
	__le32 size;
	__le32 csum;
};

static u32 rtwsim_fw_csum(const u8 *image, u32 size)
{
	const __le32 *word = (const __le32 *)(image +
					      sizeof(struct rtwsim_fw_hdr));
	u32 n = (size - sizeof(struct rtwsim_fw_hdr)) / sizeof(*word);
	u32 sum = 0;

	while (n--)
		sum = (sum << 1 | sum >> 31) ^ le32_to_cpu(*word++);
	return sum;
}

int rtwsim_fw_load(struct rtwsim_dev *rd)
{
	struct rtwsim_fw_hdr *hdr;
	__le32 *word;
	u32 n, x = 0x2545f491;

	rd->fw.image = rtwsim_alloc(RTWSIM_FW_SIZE, GFP_KERNEL);
	if (!rd->fw.image)
		return -ENOMEM;
	rd->fw.size = RTWSIM_FW_SIZE;

	word = (__le32 *)(rd->fw.image + sizeof(*hdr));
	n = (rd->fw.size - sizeof(*hdr)) / sizeof(*word);
	while (n--) {
		/* xorshift32: a fixed, incompressible-looking body */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		*word++ = cpu_to_le32(x);
	}

	hdr = (struct rtwsim_fw_hdr *)rd->fw.image;
	hdr->magic = cpu_to_le32(RTWSIM_FW_MAGIC);
	hdr->version = cpu_to_le32(RTWSIM_FW_VERSION);
	hdr->size = cpu_to_le32(rd->fw.size);
	hdr->csum = cpu_to_le32(rtwsim_fw_csum(rd->fw.image, rd->fw.size));
	return 0;
}

void rtwsim_fw_release(struct rtwsim_dev *rd)
{
	rtwsim_free(rd->fw.image, RTWSIM_FW_SIZE);
	rd->fw.image = NULL;
}

int rtwsim_fw_boot(struct rtwsim_dev *rd)
{
	const struct rtwsim_fw_hdr *hdr = (void *)rd->fw.image;

	if (le32_to_cpu(hdr->magic) != RTWSIM_FW_MAGIC ||
	    le32_to_cpu(hdr->size) != rd->fw.size ||
	    le32_to_cpu(hdr->csum) != rtwsim_fw_csum(rd->fw.image,
						     rd->fw.size)) {
		dev_err(&rd->pdev->dev, "firmware image corrupted, not booting\n");
		return -EIO;
	}
	rd->fw.boots++;
	return 0;
}
