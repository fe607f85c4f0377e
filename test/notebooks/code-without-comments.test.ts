import { expect } from 'chai';
import { codeWithoutComments, hasComments } from '../../scripts/notebooks/code-without-comments';

describe('notebooks/code-without-comments', () => {
  it('treats code that differs only in comments and their placement as the same', () => {
    const english = '// Make a key.\nconst key = random.key(0); // seed 0\n/* done */';
    const korean = '// 키를 만듭니다.\nconst key = random.key(0);\n// 시드 0\n';
    expect(codeWithoutComments(korean)).to.equal(codeWithoutComments(english));
  });

  it('sees a changed number, identifier or string as different code', () => {
    const english = "const key = random.key(0);\nconsole.log('key');";
    for (const changed of [english.replace('0', '1'), english.replace('key(', 'split('), english.replace("'key'", "'키'")]) {
      expect(codeWithoutComments(changed)).not.to.equal(codeWithoutComments(english));
    }
  });

  it('does not mistake // inside strings and template literals for comments', () => {
    const english = 'const url = `a ${x} // b`;';
    expect(hasComments(english)).to.be.false;
    expect(codeWithoutComments('const url = `a ${x} // c`;')).not.to.equal(codeWithoutComments(english));
  });

  it('finds line and block comments anywhere in a cell', () => {
    expect(hasComments('f();\n// trailing')).to.be.true;
    expect(hasComments('f(/* inline */ 1);')).to.be.true;
    expect(hasComments('const backend = await ready();')).to.be.false;
  });
});
