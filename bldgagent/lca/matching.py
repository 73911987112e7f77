"""Match messy, multilingual IFC material names to a material category and an emission factor.

``match_material("Beton C30/37", element_kind="wall")`` returns a :class:`Match` with the category, the factor the
library selects, a confidence 0-1, a human-readable reason and ranked candidates. Evidence, strongest first:

1. a project mapping (material name -> factor id, confirmed by a user or the agent): confidence 1.0;
2. keyword rules with English, German, French, Dutch, Spanish, Italian, Japanese and Chinese synonyms
   (``Stahlbeton``, ``gewapend beton``, ``Dämmung``, ``断熱材``, ``钢筋``...), grade codes (``S355J2``, ``B500B``,
   ``GL24h``, ``C24`` timber, ``SS400``) and concrete strength classes (``C30/37``, ``C30``, ``B25``, ``4000 psi``):
   0.75-0.95;
3. a fuzzy (rapidfuzz) match of the name's words against the synonym vocabulary: 0.5-0.7 (a weaker resemblance
   is only listed as a candidate: the name is ``unknown``);
4. physical properties when the name says nothing (density and conductivity, e.g. 120 kg/m3 and 0.04 W/mK is an
   insulation): 0.35-0.45;
5. element context for placeholder names (``Solid``, ``Default Wall``, no name): a window is a window, a slab is
   concrete, a beam takes the dominant structural material of the model: 0.3-0.4.

A name it cannot place gets category ``"unknown"``, no factor and confidence 0, with its best candidates; the engine
lists it with its quantity, never counted as zero. Reinforced concrete is its own category (concrete factor + rebar
lines); insulation of unstated type is generic ``insulation`` (wide range) unless a density says which.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from rapidfuzz import fuzz, process

from ..errors import DataFileError, MappingError
from .factors import FactorLibrary, categories

# --- normalisation ----------------------------------------------------------------------------------------------
_CJK = re.compile(r"[\u3400-\u9fff]")


def normalize_name(name: str | None) -> str:
    """Lower-case, fold umlauts (ä -> ae) and accents, drop ArchiCAD id suffixes (``Holz 102890359`` -> ``holz``)."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKC", str(name)).strip().lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        s = s.replace(a, b)
    out: list[str] = []
    for c in unicodedata.normalize("NFKD", s):
        if unicodedata.combining(c) and out and ord(out[-1]) < 0x250:
            continue  # accent on a Latin letter (é -> e); kana voicing marks (ガ) are kept
        out.append(c)
    s = unicodedata.normalize("NFKC", "".join(out))
    s = re.sub(r"\s+\d{5,}$", "", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s


# --- keyword rules: (category, priority, regex on the normalised name) -------------------------------------------
# Priority resolves overlaps: "stahlbeton" (concrete, 75) beats "stahl" (steel, 55); "betonstahl" (rebar, 85) beats
# "beton" (concrete, 60); "glaswolle" (glass wool, 85) beats "glas" (glass, 65).
_W = r"(?<![a-z])"  # left word boundary for latin words
_RULES: list[tuple[str, int, str]] = [
    ("air", 95, r"{_W}air(?![a-z])|air ?space|air ?gap|luftschicht|{_W}luft(?![a-z])|lame d.?air|vide d.?air|空气|空気"
                r"|spouw|camara de aire|intercapedine|{_W}camera d.?aria"),
    ("air", 40, r"{_W}cavity|hohlraum|{_W}void(?![a-z])"),
    ("membrane", 97, r"air barrier|air infiltration|luftdichtheitsbahn|pare.?air|winddicht|wind ?pap|pare.?pluie|防水涂料"
                     r"|防水シート|シート防水|防湿"),
    ("rebar", 88, r"rebar|reinforc\w* (steel|bar)|steel reinforcement|{_W}reinforcement(?! ?layer)|betonstahl"
                  r"|bewehrung|armierung|{_W}armatur|acier (a|pour|d.?armature)|armature|钢筋(?!混凝土)|鉄筋(?!コンクリート)|異形棒鋼"
                  r"|{_W}hrb ?\d{3}|{_W}b ?500|{_W}bst ?500|{_W}hpb ?\d{3}|{_W}b ?450 ?c|{_W}a ?500 ?hw|{_W}a ?615"
                  r"|{_W}sd ?\d{3}|wapening|betonstaal|acero corrugado|{_W}armadura|acciaio per (c\.?a\.?|armatur)"
                  r"|螺纹钢"),
    ("concrete", 60, r"concrete|beton|混凝土|{_W}砼|ortbeton|cast.in.(situ|place)|{_W}c\d{2,3} ?/ ?\d{2,3}|hormigon"
                     r"|calcestruzzo|concreto|コンクリート|{_W}k ?\d{2}-\d(?![0-9])"),
    ("concrete", 78, r"normalbeton|unterbeton|sauberkeitsschicht"),
    ("reinforced_concrete", 78, r"stahlbeton|reinforced concrete|concrete,? reinforced|钢筋混凝土|鉄筋コンクリート|beton arme"
                                r"|gewapend|hormigon armado|calcestruzzo armato|cemento armato|{_W}c\.a\.(?![a-z])"
                                r"|beton bewehrt|bewehrter beton|{_W}rc(?![a-z])|{_W}ha ?-?\d{2}(?![0-9])"),
    ("precast_concrete", 80, r"precast|pre-cast|fertigteil|prefab|prefabrique|预制|hollow ?core|spannbeton ?fertig"
                             r"|predalle|hohldiel|kanaalplaat|breedplaat|placa alveolar|prefabbricat|prefabricad"
                             r"|プレキャスト|{_W}pca(?![a-z])|pc构件|叠合板|预应力空心板|空心楼板"),
    ("lightweight_concrete", 80, r"leichtbeton|light.?weight (concrete|block|aggregate)|blaehton|{_W}leca|轻骨料|轻质混凝土"
                                 r"|陶粒|beton leger|leichtzement|bims|concrete, lightweight|hormigon ligero"
                                 r"|calcestruzzo alleggerito|軽量コンクリート|lichtbeton"),
    ("aac", 85, r"aerated|porenbeton|gasbeton|ytong|{_W}aac(?![a-z])|autoclaved|加气|beton cellulaire|siporex|hebel"
                r"|cellenbeton|hormigon celular|calcestruzzo cellulare|{_W}alc(?![a-z])"),
    ("concrete_block", 75, r"concrete (masonry )?(block|unit)|{_W}cmu(?![a-z])|betonstein|zementstein|hohlblock"
                           r"|betonblock|parpaing|bloc (de )?beton|混凝土砌块|混凝土砖|混凝土空心砌块|{_W}block(?!ing)|betonblok"
                           r"|bloque de hormigon|blocco (in )?(cls|calcestruzzo)|コンクリートブロック"),
    ("brick", 65, r"brick|ziegel|backstein|klinker|brique|(?<!瓷)(?<!地)(?<!面)砖|{_W}vmz"),
    ("brick", 84, r"ladrillo|laterizio|mattone|baksteen|gevelsteen|metselsteen|レンガ|煉瓦|黏土砖|粘土砖"),
    ("brick", 50, r"masonry|mauerwerk|砌体|maconnerie|metselwerk|fabrica de|muratura"),
    ("calcium_silicate", 82, r"kalksandstein|calcium silicate|sand.?lime (brick|block)|{_W}ks.?stein|灰砂砖"
                             r"|silico.?calcaire|kalkzandsteen|{_W}ks(?![a-z])"),
    ("stone", 58, r"{_W}stone(?! ?wool)|naturstein|granit|marble|marmor|limestone|kalkstein|sandst(ei|o)n|{_W}slate"
                  r"|schiefer|{_W}pierre|石材|大理石|花岗|花崗|御影石|travertin|basalt|quartzit|natuursteen|{_W}piedra|{_W}pietra"
                  r"|{_W}marmo|^石$"),
    ("earth", 70, r"rammed earth|stampflehm|{_W}lehm(?!putz)|{_W}pise|生土|夯土|adobe|cob wall|tapial|{_W}leem"),
    ("mortar", 70, r"mortar|moertel|mortier|砂浆|grout|verguss|mortel|mortero|{_W}malta(?![a-z])|モルタル"),
    ("screed", 72, r"screed|estrich|{_W}chape|找平|细石混凝土|floor topping|dekvloer|recrecido|massetto|unterlagsboden"),
    ("render", 66, r"render|aussenputz|{_W}putz|enduit|stucco|抹灰|cement plaster|kalkzement|zementputz|crepi|外墙抹灰"
                   r"|{_W}intonaco|revoco"),
    ("render", 88, r"cement plaster|cementpleister|enfoscado|intonaco cementizio|zementputz|enduit ciment"
                   r"|mortero monocapa"),
    ("plaster", 86, r"gipsputz|innenputz|putz,? innen|lehmputz|kalkputz|gypsum plaster|石膏抹灰|plaster finish|skim coat"
                    r"|plaster, gypsum|gipspleister|intonaco di gesso|enlucido|石膏砂浆|粉刷石膏|漆喰|しっくい"),
    ("plaster", 70, r"plaster(?! ?board)|{_W}platre(?! )|粉刷|{_W}stuck(?![a-z])|{_W}stuc(?![a-z])|stucwerk|{_W}yeso"
                    r"|{_W}gesso|プラスター(?!ボード)"),
    ("gypsum_board", 82, r"plaster ?board|gypsum|drywall|gipskarton|gipsplatte|gipsfaser|rigips|{_W}gk[bfi](?![a-z])"
                         r"|plaque de platre|{_W}placo|{_W}ba ?13|石膏板|纸面石膏|fermacell|wall ?board|sheetrock|gipsplaat"
                         r"|yeso laminado|pladur|cartongesso|石膏ボード|せっこうボード|プラスターボード"),
    ("steel", 55, r"steel|{_W}stahl|{_W}acier|(?<!不锈)钢(?!筋|化|丝网)|{_W}s ?(235|275|335|355|420|460)|{_W}q ?235"
                  r"|{_W}q ?345|{_W}q ?355|型钢|工字钢|h型钢|baustahl|{_W}metal(?![a-z])|{_W}metall(?![a-z])|iron(?! ?oxide)"
                  r"|{_W}eisen(?![a-z])|staal(?![a-z])|{_W}acero|acciaio|鉄骨|鋼材|{_W}(ss|sn|sm|stk|stkr) ?\d{3}"
                  r"|astm a ?(36|572|992|500)|{_W}a ?992"),
    ("steel_sheet", 74, r"{_W}sheet(?! ?pile)|blech|profiled|trapez|{_W}deck(ing)?(?![a-z])|galvani[sz]|verzinkt"
                        r"|{_W}tole|彩钢|镀锌|压型钢板|trapezoidal|{_W}chapa|lamiera|鋼板|デッキ"),
    ("steel_stud_layer", 90, r"stud layer|metal stud|steel stud|staenderwerk|metallstaender|{_W}cw.?profil"
                             r"|{_W}uw.?profil|轻钢龙骨|龙骨|ossature metallique|{_W}rail.?montant|軽量鉄骨下地|lgs"),
    ("steel_pipe", 88, r"steel pipe|stahlrohr|钢管|焊管|无缝钢管"),
    ("stainless_steel", 90, r"stainless|edelstahl|nirosta|{_W}inox|不锈钢|chromnickel|{_W}v[24]a(?![a-z])|roestvast"
                            r"|ステンレス"),
    ("aluminium", 76, r"alumin(i)?um|{_W}alu(?![a-z])|铝|{_W}aluminio|allumini|アルミ"),
    ("copper", 76, r"copper|kupfer|cuivre|铜|{_W}koper|{_W}cobre|{_W}rame(?![a-z])|銅"),
    ("zinc", 76, r"{_W}zinc|{_W}zink|titanzink|rheinzink|(?<!镀)锌|亜鉛(?!めっき|メッキ)"),
    ("cast_iron", 85, r"cast iron|gusseisen|{_W}fonte|铸铁|鋳鉄|gietijzer|fundicion|ghisa"),
    ("timber", 52, r"{_W}wood|timber|{_W}holz|{_W}bois|lumber|softwood|hardwood|fichte|kiefer|tanne|laerche|spruce"
                   r"|{_W}pine|{_W}fir(?![a-z])|{_W}oak|eiche|buche|beech|{_W}kvh|sawn|schnittholz|vollholz|rafter"
                   r"|sparren|cherry|walnut|maple|teak|mahogany|birch|{_W}larch|douglas|木(?!纤维|地板)|原木|方木"),
    ("timber", 70, r"holz(?![a-z])|hout(?![a-z])|{_W}madera|{_W}legno|resineux|{_W}chene|{_W}rovere|{_W}roble"
                   r"|{_W}abete|{_W}pino(?![a-z])|^c ?(14|16|18|22|24|27)$|^d ?(18|24|30|35|40|50|60|70)$|^杉$|^檜$|ヒノキ"
                   r"|スギ|木材"),
    ("glulam", 90, r"glulam|glued?.?laminated|brettschichtholz|{_W}bsh(?![a-z])|{_W}gl ?(2[0-8]"
                   r"|3[02])[hc]?(?![a-z0-9])|胶合木|lamelle.?colle|duo.?balken|gelamineerd|madera laminada"
                   r"|legno lamellare|集成材"),
    ("clt", 92, r"{_W}clt(?![a-z])|cross.?laminated|brettsperrholz|{_W}bsp(?![a-z])|x.?lam|正交胶合|bois lamelle croise"
                r"|kruislaaghout|contralaminada|直交集成板"),
    ("wood_panel", 78, r"plywood|sperrholz|{_W}osb|spanplatte|chipboard|particle ?board|{_W}mdf|{_W}hdf|fib(re"
                       r"|er) ?board|multiplex|contreplaque|panneau|胶合板|刨花板|密度板|细木工板|多层板|sheathing|holzwerkstoff"
                       r"|3-schicht|spaanplaat|{_W}tablero|contrachapado|aglomerado|compensato|truciolare|合板"
                       r"|パーティクルボード"),
    ("parquet", 82, r"parquet|parkett|flooring|wood floor|{_W}dielen|plancher|木地板|实木地板|floor boards?|{_W}parket"
                    r"|フローリング|tarima"),
    ("laminate", 86, r"laminat(e|o)?(?![a-z])(?! ?glas)|复合地板|{_W}hpl(?![a-z])"),
    ("linoleum", 88, r"linoleum|{_W}linol|亚麻地"),
    ("vinyl_flooring", 88, r"vinyl|pvc.?(floor|belag|boden)|{_W}lvt(?![a-z])|塑胶地板|pvc地板|sol vinyle|cv.?belag|ビニル床"
                           r"|長尺シート|塩ビ床"),
    ("carpet", 88, r"carpet|teppich|moquette|地毯|tapijt|moqueta|alfombra|tappeto|カーペット"),
    ("paint", 72, r"{_W}paint|anstrich|{_W}farbe|peinture|{_W}lack|coating|涂料|乳胶漆|油漆|beschichtung|lasur|varnish"
                  r"|{_W}pintura|vernice|{_W}verf(?![a-z])|塗装|塗料|ペイント"),
    ("ceramic_tile", 82, r"ceramic|{_W}tile|fliese|keramik|carrelage|faience|瓷砖|地砖|面砖|釉面砖|porcelain|steinzeug|陶瓷"
                         r"|tegels|keramisch|baldosa|ceramica|piastrell|タイル|磁器|{_W}gres(?![a-z])"),
    ("roof_tile", 92, r"roof(ing)? tile|dachziegel|dachstein|dachpfanne|{_W}tuile|屋面瓦|瓦片|琉璃瓦|{_W}瓦$|biberschwanz"
                      r"|dakpan|{_W}teja|tegol[ae]|^瓦$"),
    ("glass", 66, r"glass|{_W}glas(?![a-z])|verglas|vitrage|{_W}verre|玻璃|{_W}float|glazing|{_W}vsg|{_W}esg|钢化"
                  r"|{_W}vidrio|{_W}vetro(?!camera)|ガラス(?!ウール)|floatglas"),
    ("glazing_unit", 84, r"insulating glass|double glaz|triple glaz|isolierglas|isolierverglas|{_W}igu(?![a-z])|中空玻璃"
                         r"|double vitrage|{_W}dgu(?![a-z])|waermeschutzverglasung|insulated glazing|hr\++"
                         r"|dubbel glas|driedubbel glas|doble acristalamiento|vetrocamera|複層ガラス|ペアガラス"),
    ("fibre_cement", 84, r"fib(re|er|ra|res)?.?(cement|ciment|cemento)|faserzement|eternit|fibrociment|纤维水泥|水泥纤维板"
                         r"|hardie|vezelcement|セメント板|ケイカル"),
    ("mineral_wool", 80, r"mineral ?wool|mineralwolle|rock ?wool|stone ?wool|steinwolle|laine de roche|laine minerale"
                         r"|岩棉|矿棉|mineralfaser|mineral fib|{_W}mw(?![a-z])|minerale wol|steenwol|lana mineral"
                         r"|lana de roca|lana di roccia|ロックウール"),
    ("glass_wool", 86, r"glass ?wool|glaswolle|laine de verre|玻璃棉|fib(re|er) ?glass|glasfaserdaemm|{_W}batt|glaswol"
                       r"|lana de vidrio|lana di vetro|グラスウール"),
    ("eps", 82, r"{_W}eps(?![a-z])|expanded polystyrene|polystyrol.?(hart)?schaum|styropor|expandiert"
                r"|polystyrene expanse|聚苯|eps板|膨胀聚苯|{_W}polystyr|poliestireno|polistirene|polistirolo|ポリスチレン"),
    ("xps", 88, r"{_W}xps(?![a-z])|extruded polystyrene|extrudiert|styrodur|挤塑|polystyrene extrude|roofmate"
                r"|poliestireno extruido|polistirene estruso|押出法?ポリスチレン|スタイロフォーム"),
    ("pur", 84, r"{_W}pur(?![a-z])|{_W}pir(?![a-z])|polyurethan|polyisocyanurat|polyiso|聚氨酯|phenolic|{_W}resol"
                r"|pu.?foam|spray foam|硬泡|{_W}pu(?![a-z])|poliuretan|ウレタン"),
    ("wood_fibre_insulation", 88, r"wood ?fib(re|er)|holzfaser|holzweichfaser|fibre de bois|木纤维|gutex|pavatex|steico"
                                  r"|houtvezel|fibra de madera|fibra di legno"),
    ("cellulose", 88, r"cellulose|zellulose|ouate de cellulose|纤维素|isofloc|celulosa|cellulosa"),
    ("cork", 84, r"{_W}cork|{_W}kork|{_W}liege(?![a-z])|软木|{_W}kurk|{_W}corcho|{_W}sughero"),
    ("foam_glass", 90, r"foam ?glass|cellular glass|schaumglas|foamglas|verre cellulaire|泡沫玻璃|schuimglas"
                       r"|vidrio celular"),
    ("insulation", 64, r"insulat|daemm|isolant|{_W}isolation|{_W}isolierung|保温|隔热|绝热|thermal barrier|{_W}wlg|{_W}wls"
                       r"|semi-rigid|{_W}rigid(?![a-z])|thermal ?insul|waermedaemm|{_W}iso ?board|{_W}isolatie"
                       r"|aislamiento|aislante|isolamento|断熱"),
    ("bitumen", 84, r"bitum|asphalt|沥青|dachpappe|schweissbahn|{_W}sbs(?![a-z])|{_W}app (membrane|bahn)|bitume"
                    r"|tar ?paper|asfalt|アスファルト"),
    ("membrane", 62, r"membran|(?<!thermal )barrier|vapou?r|dampfbrems|dampfsperr|{_W}folie|{_W}foil|{_W}epdm"
                     r"|{_W}tpo(?![a-z])|{_W}fpo|waterproof|abdichtung|防水|隔汽|防潮|pare.?vapeur|etancheite|geotextil"
                     r"|{_W}vlies|house ?wrap|tyvek|underlay|unterspannbahn|{_W}rubber|卷材|{_W}pe.?folie"
                     r"|polyethylene sheet|damp.?proof|{_W}dpc|{_W}dpm|waterkerend|dampremmend|dampscherm|impermeab"
                     r"|barrera de vapor|barriera al vapore|{_W}guaina|{_W}lamina|フィルム|ルーフィング"),
    ("plastic", 56, r"plastic|kunststof|plastique|塑料|{_W}pvc|{_W}upvc|polyethylen|{_W}pe(?![a-z])|hdpe|ldpe"
                    r"|polypropylen|{_W}pp(?![a-z])|acryl|polycarbonat|plexiglas|{_W}abs(?![a-z])|nylon|polyamid"
                    r"|{_W}resin|plastico|plastica"),
    ("plastic", 90, r"vinyl siding|pvc siding"),
    ("plastic_pipe", 88, r"(pvc|ppr|pe|hdpe|pp|pvc-u|upvc)[ -]?.{0,3}(pipe|rohr|tuyau|管)|塑料管|给水管|排水管|kunststoffrohr"),
    ("soil", 72, r"{_W}soil|{_W}erde(?![a-z])|erdreich|substrat|{_W}grass|{_W}gras(?![a-z])|{_W}rasen|vegetation"
                 r"|green roof|gruendach|{_W}terre(?! cuite)|种植土|土壤|{_W}草|覆土|humus|{_W}sod(?![a-z])|planting"
                 r"|{_W}earth(?! ?(wall|block))|mutterboden|oberboden|{_W}grond(?![a-z])|{_W}tierra|{_W}terreno"
                 r"|terra vegetale|^土$|土壌"),
    ("gravel", 72, r"gravel|{_W}kies|schotter|gravier|碎石|卵石|crushed stone|aggregate|ballast|{_W}split(?![a-z])"
                   r"|{_W}grit|{_W}kiesel|schuettung|{_W}grind(?![a-z])|{_W}grava|ghiaia|砂利|砕石"),
    ("sand", 68, r"{_W}sand(?![a-z])|{_W}sable|(?<!砂)砂(?!浆|加气|岩|利)|河砂|{_W}zand(?![a-z])|{_W}arena|{_W}sabbia"),
    ("water", 80, r"{_W}water(?![a-z]| ?proof)|{_W}wasser(?![a-z])|{_W}eau(?![a-z])|自来水"),
    ("cement", 62, r"{_W}cement(?![a-z])|{_W}zement(?![a-z])|{_W}ciment(?![a-z])|水泥(?!砂浆|抹灰|纤维|砖)"),
    ("lime", 52, r"{_W}lime(?![a-z])|{_W}kalk(?![a-z])|{_W}chaux|石灰"),
    ("curtain_wall", 88, r"curtain ?wall|vorhangfassade|pfosten.?riegel|mur.?rideau|幕墙|structural glazing|vliesgevel"
                         r"|muro cortina|facciata continua|カーテンウォール"),
    ("composite_panel", 88, r"alumin(i)?um composite|alucobond|铝塑|dibond|{_W}acm(?![a-z])|铜塑"),
    ("window", 80, r"window|fenster|fenetre|{_W}窗|{_W}sash|window frame|fensterrahmen|塑钢窗|铝合金窗|{_W}mullion"),
    ("door", 80, r"{_W}door|{_W}tuer|{_W}porte(?![a-z])|{_W}门(?!窗)|door.?(frame|panel|leaf)|tuerblatt|zarge"),
]
_COMPILED = [(cat, prio, re.compile(pat.replace("{_W}", _W))) for cat, prio, pat in _RULES]
#: Words that make a concrete plain (unreinforced): they veto the reinforced-concrete rule.
_PLAIN = re.compile(r"unbewehrt|ongewapend|non arme|non armato|unreinforced|plain concrete|素混凝土|無筋|en masa"
                    r"|(?<![a-z])hm ?-?\d{2}(?![0-9])|(?<![a-z])no reinforcement")

#: Names that say nothing about the material (ArchiCAD fills, Revit defaults, empty).
_PLACEHOLDER = re.compile(
    r"^(|-|solid|massiv|default|default (wall|floor|roof|slab|ceiling|column|beam|material)|generic|generic.*|unknown"
    r"|none|null|material|materials|unnamed|<unnamed>|<by category>|by category|radial gradient fill|linear gradient fill"
    r"|gradient|fill|surface|standard|basic|layer|schicht|material \d+|mat\d*|未命名|默认.*|材料|无)$")

#: Category of a name the matcher cannot place (it lists candidates instead).
UNKNOWN = "unknown"
#: Concrete categories whose names carry a strength class.
CONCRETE_CATEGORIES = ("concrete", "reinforced_concrete", "precast_concrete")
#: Categories selected with another category's factor (reinforced concrete = concrete + rebar lines).
_FACTOR_CATEGORY = {"reinforced_concrete": "concrete"}
#: Confidence cap of a generic insulation (type not stated): its factor spans 31-367 kgCO2e/m3 of the known types.
_GENERIC_CONFIDENCE = 0.6
#: Categories whose factor is per m2 of a window/door/curtain wall; the element kind decides these.
OPENING_KINDS = {"window": "window", "door": "door", "curtain_wall": "curtain_wall"}
STRUCTURAL_KINDS = ("wall", "slab", "floor", "roof", "column", "beam", "member", "footing", "pile", "stair", "ramp", "plate")
STRUCTURAL_CATEGORIES = ("concrete", "reinforced_concrete", "precast_concrete", "steel", "timber", "glulam", "clt",
                         "brick", "concrete_block",
                         "lightweight_concrete", "aac", "calcium_silicate", "stone", "earth")
#: Default structural material when a placeholder name is all there is.
_KIND_DEFAULT = {"wall": "concrete", "slab": "concrete", "floor": "concrete", "roof": "concrete", "footing": "concrete",
                 "pile": "concrete", "column": "concrete", "beam": "timber", "stair": "concrete", "ramp": "concrete",
                 "plate": "steel_sheet", "member": "timber", "railing": "steel"}
# Unnamed beams and members are mostly secondary framing (rafters, joists, purlins): exporters write the same
# rafters as IfcBeam or IfcMember, so both default to timber; named structural beams carry their material.

# EN 206 cylinder/cube classes: cylinder -> cube strength (MPa)
_EN_CLASSES = {8: 10, 12: 15, 16: 20, 20: 25, 25: 30, 30: 37, 32: 40, 35: 45, 40: 50, 45: 55, 50: 60, 55: 67, 60: 75,
               70: 85, 80: 95, 90: 105, 100: 115}

_TAG_RULES = [
    ("hollow", r"hollow|{W}hohl|lochziegel|perforat|空心|多孔|hlz"), ("solid", r"{W}solid|{W}voll|实心"),
    ("rock", r"rock|stein|岩"), ("pvc", r"pvc|kunststoff|塑钢|plastic|upvc"), ("aluminium", r"alu|铝"),
    ("wood", r"wood|holz|timber|bois|木|cherry|oak|pine"), ("timber", r"wood|holz|timber|bois|木"),
    ("galvanised", r"verzinkt|galvani|镀锌|彩钢"), ("ggbs", r"ggbs|slag|schlacke|矿渣"),
    ("lean", r"mager|{W}lean|素混凝土|unbewehrt|unreinforced|blinding|sauberkeit"),
    ("plywood", r"plywood|sperrholz|胶合板|multiplex|contreplaque"), ("osb", r"{W}osb"), ("mdf", r"{W}mdf|密度板"),
    ("particle", r"particle|chipboard|spanplatte|刨花"), ("hardwood", r"hardwood|oak|eiche|buche|beech|cherry|walnut|maple|teak"),
    ("softwood", r"softwood|fichte|kiefer|tanne|spruce|pine|{W}fir|larch|laerche"), ("triple", r"triple|3-fach|三玻"),
    ("coated", r"low.?e|coated|beschichtet|镀膜"), ("toughened", r"toughened|tempered|{W}esg|钢化"),
    ("epdm", r"epdm|rubber|gummi"), ("pe", r"{W}pe(?![a-z])|polyethyl|vapou?r|dampfbrems"),
    ("anhydrite", r"anhydrit|calcium sulphate|fliessestrich"), ("lime", r"{W}lime|{W}kalk"),
    ("fibre", r"faser|fib(re|er)"), ("recycled", r"recycl|再生"), ("thermally-broken", r"断桥|thermal(ly)? break"),
]
_TAG_COMPILED = [(t, re.compile(p.replace("{W}", _W))) for t, p in _TAG_RULES]


def _tags(norm: str) -> set[str]:
    tags = {t for t, rx in _TAG_COMPILED if rx.search(norm)}
    return tags | {"plain"} if _PLAIN.search(norm) else tags


def parse_concrete_grade(name: str) -> tuple[float | None, str]:
    """Cube strength (MPa) of a concrete class in a name, and how it was read.

    ``C30/37`` (EN 206) -> 37; ``C30`` in a Chinese name (GB 50010 uses cube strength) -> 30; ``C30`` alone in a
    European name is read as the EN cylinder class C30/37 -> 37; ``B25`` (old DIN 1045, nominal cube) -> 25;
    ``4000 psi`` (cylinder) -> nearest EN class.
    """
    norm = normalize_name(name)
    m = re.search(rf"{_W}l?c ?(\d{{2,3}}) ?/ ?(\d{{2,3}})(?!\d)", norm)
    if m:
        return float(m.group(2)), f"EN 206 class C{m.group(1)}/{m.group(2)} (cube {m.group(2)} MPa)"
    m = re.search(r"(?<![a-z0-9])c ?(\d{2,3})(?![0-9/])", norm)
    if m:
        value = int(m.group(1))
        if _CJK.search(norm) or value not in _EN_CLASSES:
            return float(value), f"GB 50010 class C{value} (cube {value} MPa)"
        return float(_EN_CLASSES[value]), f"C{value} read as EN 206 C{value}/{_EN_CLASSES[value]} (cube {_EN_CLASSES[value]} MPa)"
    m = re.search(rf"{_W}b ?(\d{{2}})(?!\d)", norm)
    if m and re.search(r"beton|concrete", norm):
        return float(m.group(1)), f"DIN 1045 (1972) class B{m.group(1)} (nominal cube {m.group(1)} MPa)"
    m = re.search(r"(\d{4}) ?psi", norm)
    if m:
        cyl = int(m.group(1)) * 0.00689476
        best = min(_EN_CLASSES, key=lambda c: abs(c - cyl))
        return float(_EN_CLASSES[best]), f"{m.group(1)} psi = {cyl:.0f} MPa cylinder -> EN C{best}/{_EN_CLASSES[best]}"
    return None, ""


# --- fuzzy vocabulary --------------------------------------------------------------------------------------------
_VOCAB: dict[str, str] = {
    "concrete": "concrete", "beton": "concrete", "stahlbeton": "concrete", "reinforced": "concrete", "leichtbeton":
    "lightweight_concrete", "porenbeton": "aac", "brick": "brick", "ziegel": "brick", "backstein": "brick",
    "masonry": "brick", "mauerwerk": "brick", "steel": "steel", "stahl": "steel", "rebar": "rebar", "bewehrung": "rebar",
    "aluminium": "aluminium", "aluminum": "aluminium", "copper": "copper", "kupfer": "copper", "timber": "timber",
    "wood": "timber", "holz": "timber", "lumber": "timber", "plywood": "wood_panel", "sperrholz": "wood_panel",
    "plasterboard": "gypsum_board", "gipskarton": "gypsum_board", "gypsum": "gypsum_board", "plaster": "plaster",
    "putz": "render", "render": "render", "mortar": "mortar", "screed": "screed", "estrich": "screed",
    "insulation": "insulation", "daemmung": "insulation", "isolation": "insulation", "mineralwolle": "mineral_wool",
    "rockwool": "mineral_wool", "glasswool": "glass_wool", "polystyrene": "eps", "styropor": "eps",
    "polyurethane": "pur", "membrane": "membrane", "bitumen": "bitumen", "glass": "glass", "glazing": "glass",
    "ceramic": "ceramic_tile", "tiles": "ceramic_tile", "fliesen": "ceramic_tile", "parquet": "parquet",
    "laminate": "laminate", "carpet": "carpet", "linoleum": "linoleum", "vinyl": "vinyl_flooring", "paint": "paint",
    "gravel": "gravel", "sand": "sand", "soil": "soil", "stone": "stone", "granite": "stone", "marble": "stone",
    "window": "window", "door": "door", "plastic": "plastic", "kunststoff": "plastic", "cement": "cement",
}


@dataclass
class Candidate:
    """A ranked alternative: category, factor id (None if no set covers it), score 0-1 and reason."""

    category: str
    factor_id: str | None
    score: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Match:
    """Result of matching one material name in its context."""

    name: str | None
    category: str | None
    factor_id: str | None
    confidence: float
    reason: str
    method: str
    candidates: list[Candidate] = field(default_factory=list)
    tags: tuple[str, ...] = ()
    grade_cube_mpa: float | None = None
    excluded: bool = False

    @property
    def matched(self) -> bool:
        return self.factor_id is not None and self.confidence > 0

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "candidates"}
        out["tags"] = list(self.tags)
        out["candidates"] = [c.to_dict() for c in self.candidates]
        return out


# --- project mapping ---------------------------------------------------------------------------------------------
@dataclass
class MappingEntry:
    material: str
    factor_id: str
    confirmed_by: str = ""
    note: str = ""


class MaterialMapping:
    """Project mapping: material name -> factor id with who confirmed it. Overrides automatic matches.

    Stored as JSON (``{"entries": [{"material", "factor_id", "confirmed_by", "note"}]}`` or a plain
    ``{name: factor_id}`` object) or CSV with columns ``material, factor_id, confirmed_by, note``. Names compare
    after :func:`normalize_name` (case, accents, ArchiCAD id suffixes).
    """

    def __init__(self, entries: Iterable[MappingEntry] = (), source: str | None = None):
        self.source = source
        self._entries: dict[str, MappingEntry] = {}
        for e in entries:
            self._entries[normalize_name(e.material)] = e

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):
        return iter(self._entries.values())

    def get(self, name: str | None) -> MappingEntry | None:
        return self._entries.get(normalize_name(name))

    def confirm(self, material: str, factor_id: str, confirmed_by: str = "agent", note: str = "") -> MappingEntry:
        """Add or replace a confirmation."""
        entry = MappingEntry(material, factor_id, confirmed_by, note)
        self._entries[normalize_name(material)] = entry
        return entry

    def validate(self, library: FactorLibrary) -> None:
        """Raise :class:`~bldgagent.errors.MappingError` naming the first entry whose factor id is unknown."""
        for e in self._entries.values():
            if e.factor_id not in library:
                raise MappingError(
                    f"mapping {self.source or '(in memory)'}: entry {e.material!r} names factor id {e.factor_id!r}, "
                    f"which is not in the factor sets {', '.join(library.set_names)}; fix the id or add the set")

    def to_dict(self) -> dict[str, Any]:
        return {"entries": [dict(e.__dict__) for e in self._entries.values()]}

    def save(self, path: str | Path) -> Path:
        """Write as JSON (``.json``) or CSV (any other suffix)."""
        path = Path(path)
        if path.suffix.lower() == ".json":
            path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            with path.open("w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, ["material", "factor_id", "confirmed_by", "note"])
                w.writeheader()
                for e in self._entries.values():
                    w.writerow(dict(e.__dict__))
        return path


def load_mapping(source: str | Path | Mapping[str, Any] | MaterialMapping | None,
                 library: FactorLibrary | None = None) -> MaterialMapping:
    """Read a mapping file (JSON or CSV) or dict; with ``library`` given, validate its factor ids."""
    if source is None:
        mapping = MaterialMapping()
    elif isinstance(source, MaterialMapping):
        mapping = source
    elif isinstance(source, Mapping):
        mapping = _mapping_from_obj(dict(source), "(dict)")
    else:
        path = Path(source)
        if not path.exists():
            raise DataFileError(f"mapping file {path} does not exist")
        if path.suffix.lower() == ".json":
            try:
                obj = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise DataFileError(f"mapping file {path} is not valid JSON: {exc}") from exc
            mapping = _mapping_from_obj(obj, str(path))
        else:
            entries = []
            with path.open(newline="", encoding="utf-8") as f:
                reader = csv.DictReader(f)
                if not reader.fieldnames or not {"material", "factor_id"} <= set(reader.fieldnames):
                    raise DataFileError(f"mapping file {path} needs columns material, factor_id (confirmed_by, note optional)")
                for i, row in enumerate(reader):
                    if not (row.get("material") or "").strip() or not (row.get("factor_id") or "").strip():
                        raise MappingError(f"mapping file {path}, row {i + 2}: material and factor_id must not be empty")
                    entries.append(MappingEntry(row["material"].strip(), row["factor_id"].strip(),
                                                (row.get("confirmed_by") or "").strip(), (row.get("note") or "").strip()))
            mapping = MaterialMapping(entries, str(path))
    if library is not None:
        mapping.validate(library)
    return mapping


def _mapping_from_obj(obj: Any, source: str) -> MaterialMapping:
    entries = []
    if isinstance(obj, dict) and "entries" in obj:
        for i, e in enumerate(obj["entries"]):
            if not isinstance(e, dict) or "material" not in e or "factor_id" not in e:
                raise MappingError(f"mapping {source}: entry {i} needs 'material' and 'factor_id'")
            entries.append(MappingEntry(str(e["material"]), str(e["factor_id"]), str(e.get("confirmed_by", "")),
                                        str(e.get("note", ""))))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if not isinstance(v, str):
                raise MappingError(f"mapping {source}: entry {k!r} must map to a factor id string, got {v!r}")
            entries.append(MappingEntry(str(k), v))
    else:
        raise MappingError(f"mapping {source}: expected an object with 'entries' or name -> factor id pairs")
    return MaterialMapping(entries, source)


# --- the matcher -------------------------------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _classify_cached(norm: str, element_kind: str | None, thickness_m: float | None, density_kg_m3: float | None,
                     conductivity_w_mk: float | None, ctx: tuple | None) -> tuple[Candidate, ...]:
    return tuple(_classify(norm, element_kind, thickness_m, density_kg_m3, conductivity_w_mk, dict(ctx) if ctx else None))


def _classify(norm: str, element_kind: str | None, thickness_m: float | None, density_kg_m3: float | None,
              conductivity_w_mk: float | None, context: Mapping[str, str] | None) -> list[Candidate]:
    cands: dict[str, Candidate] = {}

    def add(cat: str, score: float, reason: str) -> None:
        if cat not in cands or cands[cat].score < score:
            cands[cat] = Candidate(cat, None, round(score, 3), reason)

    kind = element_kind or ""
    if kind in OPENING_KINDS:
        add(OPENING_KINDS[kind], 0.9, f"element is a {kind}; its material names only refine the frame type")
        return sorted(cands.values(), key=lambda c: -c.score)
    hits = [(cat, prio, m.group(0)) for cat, prio, rx in _COMPILED if (m := rx.search(norm))]
    if _PLAIN.search(norm):  # "ongewapend", "non armato", "unbewehrt": plain concrete, never reinforced
        hits = [h for h in hits if h[0] != "reinforced_concrete"]
    if hits:
        top = max(p for _, p, _ in hits)
        for cat, prio, word in sorted(hits, key=lambda h: -h[1]):
            score = 0.9 if prio == top else 0.9 - (top - prio) / 100.0 - 0.1
            add(cat, score, f"keyword {word!r}")
    if norm and not hits and not _PLACEHOLDER.match(norm):
        for token in set(re.split(r"[\s,;/()\-_.]+", norm)):
            if len(token) < 4:
                continue
            got = process.extractOne(token, list(_VOCAB), scorer=fuzz.ratio, score_cutoff=60)
            if got:  # >= 80 %: 0.4-0.7; 60-80 %: below 0.4, a candidate to list, never used (see match)
                word, s, _ = got
                score = 0.4 + 0.3 * (s - 80) / 20.0 if s >= 80 else 0.2 + 0.2 * (s - 60) / 20.0
                add(_VOCAB[word], score, f"fuzzy match {token!r} ~ {word!r} ({s:.0f} %)")
    # generic insulation and density/conductivity evidence
    top_cat = max(cands.values(), key=lambda c: c.score).category if cands else None
    if top_cat == "insulation":
        # the type follows from the density when the model gives one; without it the name stays a generic
        # insulation (wide uncertainty), and the likeliest types are listed as candidates
        sub, why = _insulation_by_density(density_kg_m3, conductivity_w_mk)
        step = 0.02 if density_kg_m3 else -0.1
        add(sub, cands["insulation"].score + step, f"insulation type from {why}")
    if not cands or max(c.score for c in cands.values()) < 0.5:
        by_rho = _by_density(density_kg_m3, conductivity_w_mk)
        if by_rho:
            add(by_rho[0], by_rho[1], by_rho[2])
    if not cands and (not norm or _PLACEHOLDER.match(norm) or re.fullmatch(r"[\W\d_]*", norm)):
        cat, score, why = MaterialMatcher._context_default(kind, thickness_m, context)
        if cat:
            add(cat, score, why)
    return sorted(cands.values(), key=lambda c: -c.score)


class MaterialMatcher:
    """Matches material names in context to categories and factors of a :class:`FactorLibrary`."""

    def __init__(self, library: FactorLibrary | None = None, mapping: Any = None):
        self.library = library or FactorLibrary()
        self.mapping = load_mapping(mapping, self.library)
        self._cat = categories()

    # public ---------------------------------------------------------------------------------------------------
    def classify(self, name: str | None, element_kind: str | None = None, thickness_m: float | None = None,
                 density_kg_m3: float | None = None, conductivity_w_mk: float | None = None,
                 context: Mapping[str, str] | None = None) -> list[Candidate]:
        """Ranked category candidates (no factor selection). ``context`` maps element kind -> dominant category."""
        ctx = tuple(sorted(context.items())) if context else None
        return [Candidate(c.category, c.factor_id, c.score, c.reason) for c in
                _classify_cached(normalize_name(name), element_kind, thickness_m, density_kg_m3, conductivity_w_mk, ctx)]


    def match(self, name: str | None, element_kind: str | None = None, thickness_m: float | None = None,
              density_kg_m3: float | None = None, conductivity_w_mk: float | None = None,
              context: Mapping[str, str] | None = None, is_external: bool | None = None, n: int = 5) -> Match:
        """Best factor for a material in its context, with confidence, reason and up to ``n`` candidates.

        A name with no evidence, or only a weak fuzzy resemblance (score < 0.5), gets category ``"unknown"``, no
        factor and confidence 0, with its best candidates listed for a user or an agent to confirm.
        """
        entry = self.mapping.get(name) if name else None
        if entry is not None:
            f = self.library[entry.factor_id]
            who = f" by {entry.confirmed_by}" if entry.confirmed_by else ""
            return Match(name, f.category, f.id, 1.0, f"project mapping{who}: {f.name}" +
                         (f" ({entry.note})" if entry.note else ""), "mapping",
                         [Candidate(f.category, f.id, 1.0, "project mapping")])
        norm = normalize_name(name)
        cands = self.classify(name, element_kind, thickness_m, density_kg_m3, conductivity_w_mk, context)
        if not cands:
            return Match(name, UNKNOWN, None, 0.0, "no keyword, fuzzy, density or context evidence", "none")
        tags = _tags(norm)
        if element_kind in ("beam", "column", "member"):
            tags |= {"section", "beam", "column"}
        if element_kind == "door" and is_external is not None:
            tags.add("external" if is_external else "internal")
        out = [self._with_factor(c, name or "", tags) for c in cands[:n]]
        out.sort(key=lambda c: -c.score)
        best = out[0]
        grade = parse_concrete_grade(name or "")[0] if best.category in CONCRETE_CATEGORIES else None
        method = _method_of(best.reason)
        if method == "fuzzy" and best.score < 0.5:
            return Match(name, UNKNOWN, None, 0.0, "only a weak resemblance (" + best.reason + "): confirm one of the "
                         "candidates", "none", out, tuple(sorted(tags)))
        if self._is_excluded(best.category):
            return Match(name, best.category, None, best.score, best.reason, method, out, tuple(sorted(tags)), None, True)
        if best.factor_id is None:
            return Match(name, best.category, None, 0.0, best.reason, "none", out, tuple(sorted(tags)), grade)
        score = min(best.score, _GENERIC_CONFIDENCE) if best.category == "insulation" else best.score
        return Match(name, best.category, best.factor_id, score, best.reason, method, out, tuple(sorted(tags)), grade)

    def _is_excluded(self, category: str) -> bool:
        return bool(self._cat.at[category, "excluded"]) if category in self._cat.index else False

    def _with_factor(self, c: Candidate, name: str, tags: set[str]) -> Candidate:
        """The candidate with the factor the library selects for it (reinforced concrete uses the concrete factor;
        its rebar is added by the engine at the element's reinforcement ratio)."""
        if self._is_excluded(c.category):
            return Candidate(c.category, None, c.score, c.reason + "; not a material (excluded)")
        g, grade_why = parse_concrete_grade(name) if c.category in CONCRETE_CATEGORIES else (None, "")
        f, why, mult = self.library.select(_FACTOR_CATEGORY.get(c.category, c.category), tags, g)
        if c.category in _FACTOR_CATEGORY:
            why = f"concrete factor + rebar at the element's ratio: {why}"
        reason = c.reason + (f"; {grade_why}" if g is not None else "") + f"; {why}"
        return Candidate(c.category, f.id if f else None, round(c.score * mult, 3), reason)

    def suggest(self, name: str | None, n: int = 5, **context: Any) -> list[Candidate]:
        """Ranked candidates (category, factor id, score, reason) for an agent or a user to confirm."""
        return self.match(name, n=n, **context).candidates

    # helpers --------------------------------------------------------------------------------------------------
    @staticmethod
    def _context_default(kind: str, thickness_m: float | None, context: Mapping[str, str] | None
                         ) -> tuple[str | None, float, str]:
        if thickness_m is not None and 0 < thickness_m <= 0.003:
            return "membrane", 0.3, f"placeholder name, layer {thickness_m * 1000:.1f} mm thin: assumed a membrane"
        if context and kind in context:
            return context[kind], 0.4, f"placeholder name: dominant material of the model's {kind} elements"
        if kind in _KIND_DEFAULT:
            if context and context.get("*") and kind in ("beam", "column", "member"):
                return context["*"], 0.35, f"placeholder name: dominant structural material of the model for a {kind}"
            return _KIND_DEFAULT[kind], 0.3, f"placeholder name: assumed {_KIND_DEFAULT[kind]} for a {kind} (confirm)"
        return None, 0.0, ""


def _method_of(reason: str) -> str:
    for key, method in (("project mapping", "mapping"), ("keyword", "keyword"), ("fuzzy", "fuzzy"),
                        ("density", "density"), ("placeholder", "context"), ("element is a", "context")):
        if reason.startswith(key) or key in reason.split(";")[0]:
            return method
    return "keyword"


def _insulation_by_density(rho: float | None, lam: float | None) -> tuple[str, str]:
    if rho is not None and rho > 0:
        if rho <= 25:
            return "eps", f"density {rho:g} kg/m3 (<= 25: EPS)"
        if rho <= 45 and (lam is None or lam <= 0.036):
            return "xps", f"density {rho:g} kg/m3 (25-45: XPS)"
        if rho > 200:
            return "wood_fibre_insulation", f"density {rho:g} kg/m3 (> 200: wood-fibre board)"
        return "mineral_wool", f"density {rho:g} kg/m3 (45-200: mineral wool)"
    return "mineral_wool", "no density: mineral wool is the likeliest type (candidate only; GB/T 51366 lists rock wool)"


def _by_density(rho: float | None, lam: float | None) -> tuple[str, float, str] | None:
    """Category from density (kg/m3) and conductivity (W/mK) when the name says nothing."""
    if rho is None or rho <= 0:
        return None
    why = f"density {rho:g} kg/m3" + (f" and conductivity {lam:g} W/mK" if lam else "")
    ins = lam is None or lam <= 0.07
    if rho <= 5:
        return "air", 0.45, why + ": air layer"
    if rho <= 25 and ins:
        return "eps", 0.4, why + ": light insulation (EPS)"
    if rho <= 200 and ins:
        return "mineral_wool", 0.4, why + ": insulation (mineral wool)"
    if rho <= 350 and (lam is None or lam <= 0.11):
        return "wood_fibre_insulation", 0.35, why + ": wood-fibre board"
    if rho <= 800:
        if lam is not None and lam > 0.2:
            return "aac", 0.35, why + ": aerated concrete"
        return "timber", 0.35, why + ": timber"
    if rho <= 1000:
        return "gypsum_board", 0.35, why + ": gypsum board"
    if rho <= 1450:
        return "plaster", 0.35, why + ": plaster"
    if rho <= 1950:
        if lam is not None and lam <= 1.1:
            return "brick", 0.35, why + ": brick masonry"
        return "render", 0.35, why + ": render / mortar"
    if rho <= 2150:
        return "screed", 0.35, why + ": screed"
    if rho <= 2600:
        return "concrete", 0.4, why + ": concrete"
    if rho <= 3000:
        return "stone", 0.35, why + ": stone"
    if 6500 <= rho <= 8100:
        return "steel", 0.4, why + ": steel"
    return None


_DEFAULT_MATCHER: MaterialMatcher | None = None


def match_material(name: str | None, element_kind: str | None = None, thickness_m: float | None = None,
                   density_kg_m3: float | None = None, **kwargs: Any) -> Match:
    """Match one material with the default library (GB/T 51366 -> ICE v3 -> KBOB) and no project mapping."""
    global _DEFAULT_MATCHER
    if _DEFAULT_MATCHER is None:
        _DEFAULT_MATCHER = MaterialMatcher()
    return _DEFAULT_MATCHER.match(name, element_kind, thickness_m, density_kg_m3, **kwargs)
