import { sniffContentType } from './sniff-content-type';

describe('sniffContentType', () => {
  it('knows the accepted types by their first bytes', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7\n...'))).toBe('application/pdf');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    const ofd = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('OFD.xml')]);
    expect(sniffContentType(ofd)).toBe('application/ofd');
  });

  it('refuses everything else, whatever it is called', () => {
    expect(sniffContentType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffContentType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBeNull(); // a plain ZIP
    expect(sniffContentType(Buffer.alloc(0))).toBeNull();
  });
});
