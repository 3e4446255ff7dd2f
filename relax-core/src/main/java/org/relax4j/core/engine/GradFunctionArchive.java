package org.relax4j.core.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds, in memory, the TorchScript archive that {@link Autograd} loads: a module with no
 * parameters whose methods call {@code torch.autograd.grad}.
 *
 * <p>A TorchScript archive is a zip file with a pickled module object ({@code data.pkl}: an
 * instance of class {@code __torch__.AutogradGrad} holding only {@code training = True}), an
 * empty constants table ({@code constants.pkl}), the TorchScript source of the class
 * ({@code code/__torch__.py}) and a format version. PyTorch compiles the source when it loads
 * the archive, so nothing here is tied to one libtorch build.
 */
final class GradFunctionArchive {

    private static final String CLASS_NAME = "AutogradGrad";

    private static final String BODY = "    seeds = annotate(List[Optional[Tensor]], [])\n"
            + "    live = annotate(List[Tensor], [])\n"
            + "    for i in range(len(outputs)):\n"
            + "      if outputs[i].requires_grad:\n"
            + "        live.append(outputs[i])\n"
            + "        seeds.append(seeds_in[i])\n"
            + "    result = annotate(List[Tensor], [])\n"
            + "    if len(live) == 0:\n"
            + "      for x in inputs:\n"
            + "        result.append(torch.zeros_like(x))\n"
            + "      return result\n"
            + "    grads = torch.autograd.grad(live, inputs, seeds, %s, %s, True)\n"
            + "    for i in range(len(grads)):\n"
            + "      g = grads[i]\n"
            + "      if g is None:\n"
            + "        result.append(torch.zeros_like(inputs[i]))\n"
            + "      else:\n"
            + "        result.append(unchecked_cast(Tensor, g))\n"
            + "    return result\n";

    private static final String SIGNATURE = "(self: __torch__." + CLASS_NAME + ",\n"
            + "    outputs: List[Tensor],\n"
            + "    inputs: List[Tensor],\n"
            + "    seeds_in: List[Tensor]) -> List[Tensor]:\n";

    static final String SOURCE = "class " + CLASS_NAME + "(Module):\n"
            + "  __parameters__ = []\n"
            + "  __buffers__ = []\n"
            + "  training : bool\n"
            + "  def forward" + SIGNATURE
            + String.format(BODY, "True", "True")
            + "  def retained" + SIGNATURE
            + String.format(BODY, "True", "False")
            + "  def first_order" + SIGNATURE
            + String.format(BODY, "False", "False");

    private static volatile byte[] bytes;

    private GradFunctionArchive() {}

    /** The archive's bytes. */
    static byte[] bytes() {
        byte[] b = bytes;
        if (b == null) {
            b = build();
            bytes = b;
        }
        return b;
    }

    private static byte[] build() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
            store(zip, "archive/data.pkl", pickledModule());
            store(zip, "archive/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            store(zip, "archive/code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
            store(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /**
     * Pickle protocol 2 of {@code __torch__.AutogradGrad} with state {@code {"training": True}}:
     * PROTO 2, GLOBAL, EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, BINUNICODE key, NEWTRUE, SETITEM, BUILD,
     * STOP.
     */
    private static byte[] pickledModule() {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80);
        p.write(2);
        p.writeBytes(("c__torch__\n" + CLASS_NAME + "\n").getBytes(StandardCharsets.US_ASCII));
        p.write(')');
        p.write(0x81);
        p.write('}');
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X');
        p.write(key.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.writeBytes(key);
        p.write(0x88);
        p.write('s');
        p.write('b');
        p.write('.');
        return p.toByteArray();
    }

    private static void store(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }
}
