// SPDX-License-Identifier: GPL-2.0
/*
 * Misc device /dev/mymap: one page of kernel memory that user space can
 * mmap(), read(), write() and have stamped by the kernel (see mymap.h for
 * the interface; test/mymap_test.c checks every promise).
 *
 * The page is global: allocated before the device becomes visible and freed
 * after it is gone, so .mmap can never see it missing, and every open file
 * and process shares it. Mappings outlive close(): each VMA holds a file
 * reference and the file holds a module reference (.owner), so the module,
 * and with it the page, cannot be unloaded while any mapping exists.
 *
 * vm_insert_page() or remap_pfn_range()? The page is ordinary struct-page
 * memory, so vm_insert_page() (the default) is the right tool: the mm keeps
 * the page's reference and map counts, the VMA is VM_MIXEDMAP, and
 * get_user_pages() works on it (O_DIRECT, process_vm_readv(), ptrace).
 * remap_pfn_range() is meant for memory without a struct page (MMIO): it
 * makes the VMA VM_IO | VM_PFNMAP, the page is not refcounted by the mapping
 * and get_user_pages() fails with -EFAULT. It works here (the module
 * reference keeps the page alive) and is kept, as use_remap=1, so the test
 * can show the difference. Neither needs the page marked reserved.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#include "mymap.h"

static bool use_remap;
module_param(use_remap, bool, 0444);
MODULE_PARM_DESC(use_remap,
		 "map with remap_pfn_range() instead of vm_insert_page()");

/* The page never changes while the module is loaded; mymap_lock only
 * orders read(), write() and stamps against each other. .mmap must not take
 * it: .mmap runs under mmap_lock, and read()/write() fault on user memory
 * (taking mmap_lock) while holding mymap_lock.
 */
static struct page *mymap_page;
static DEFINE_MUTEX(mymap_lock);

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
static void mymap_vm_flags(struct vm_area_struct *vma, vm_flags_t set,
			   vm_flags_t clear)
{
	vm_flags_mod(vma, set, clear);
}
#else
static void mymap_vm_flags(struct vm_area_struct *vma, vm_flags_t set,
			   vm_flags_t clear)
{
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
}
#endif

static void mymap_fill_seed(u8 *p)
{
	int i;

	memset(p, 0, PAGE_SIZE);
	for (i = 0; i < 10; i++)
		p[i] = i;
}

static int mymap_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long size = vma->vm_end - vma->vm_start;
	vm_flags_t clear = 0;

	if (vma->vm_pgoff != 0 || size > PAGE_SIZE)
		return -EINVAL;
	/*
	 * A private mapping must never become a copy-on-write mapping
	 * (is_cow_mapping(): VM_MAYWRITE without VM_SHARED): the user would
	 * silently get an anonymous copy instead of the driver's page.
	 * Refuse PROT_WRITE now and a later mprotect(PROT_WRITE) (-EACCES).
	 * (MAP_SHARED of a read-only fd lands here too, harmlessly: the
	 * kernel has already cleared its VM_SHARED and VM_MAYWRITE.)
	 */
	if (!(vma->vm_flags & VM_SHARED)) {
		if (vma->vm_flags & VM_WRITE)
			return -EINVAL;
		clear = VM_MAYWRITE;
	}
	/* No mremap() growth past the page, nothing of it in core dumps. */
	mymap_vm_flags(vma, VM_DONTEXPAND | VM_DONTDUMP, clear);

	if (use_remap)
		return remap_pfn_range(vma, vma->vm_start,
				       page_to_pfn(mymap_page), PAGE_SIZE,
				       vma->vm_page_prot);
	return vm_insert_page(vma, vma->vm_start, mymap_page);
}

static ssize_t mymap_read(struct file *file, char __user *buf, size_t count,
			  loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&mymap_lock);
	ret = simple_read_from_buffer(buf, count, ppos,
				      page_address(mymap_page), PAGE_SIZE);
	mutex_unlock(&mymap_lock);
	return ret;
}

static ssize_t mymap_write(struct file *file, const char __user *buf,
			   size_t count, loff_t *ppos)
{
	ssize_t ret;

	if (*ppos >= PAGE_SIZE && count)
		return -ENOSPC; /* a full device, not an endless 0 */
	mutex_lock(&mymap_lock);
	ret = simple_write_to_buffer(page_address(mymap_page), PAGE_SIZE, ppos,
				     buf, count);
	mutex_unlock(&mymap_lock);
	return ret;
}

static loff_t mymap_llseek(struct file *file, loff_t offset, int whence)
{
	return fixed_size_llseek(file, offset, whence, PAGE_SIZE);
}

static long mymap_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	u8 *p = page_address(mymap_page);
	u32 seed;
	int i;

	if (cmd != MYMAP_IOC_STAMP)
		return -ENOTTY;
	if (get_user(seed, (u32 __user *)arg))
		return -EFAULT;
	mutex_lock(&mymap_lock);
	for (i = 0; i < PAGE_SIZE; i++)
		p[i] = seed + i;
	mutex_unlock(&mymap_lock);
	return 0;
}

static const struct file_operations mymap_fops = {
	.owner = THIS_MODULE,
	.mmap = mymap_mmap,
	.read = mymap_read,
	.write = mymap_write,
	.llseek = mymap_llseek,
	.unlocked_ioctl = mymap_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice mymap_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "mymap",
	.fops = &mymap_fops,
	.mode = 0666,
};

static int __init mymap_init(void)
{
	int ret;

	mymap_page = alloc_page(GFP_KERNEL);
	if (!mymap_page)
		return -ENOMEM;
	mymap_fill_seed(page_address(mymap_page));

	ret = misc_register(&mymap_dev); /* from here .mmap may run */
	if (ret) {
		__free_page(mymap_page);
		return ret;
	}
	pr_info("loaded, mapping with %s\n",
		use_remap ? "remap_pfn_range" : "vm_insert_page");
	return 0;
}

static void __exit mymap_exit(void)
{
	misc_deregister(&mymap_dev);
	/*
	 * No file, hence no mapping, is left (each holds a module reference):
	 * the page must be ours alone again. Anything else is a leaked
	 * mapping reference; say so loudly rather than free a mapped page.
	 */
	if (WARN_ON(page_count(mymap_page) != 1 || page_mapped(mymap_page)))
		return;
	__free_page(mymap_page);
	pr_info("unloaded\n");
}

module_init(mymap_init);
module_exit(mymap_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("one-page mmap misc device, test driver for mmapkit");
